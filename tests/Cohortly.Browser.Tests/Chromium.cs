using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>
/// One Chromium for the whole browser suite: each journey gets fresh browser contexts (own cookies and storage)
/// in it, so sharing the process costs no independence, and saves a browser start per class.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Where the browser is, unless <c>COHORTLY_CHROMIUM</c> says otherwise.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("COHORTLY_CHROMIUM") is { Length: > 0 } path ? path : DefaultPath;

    public async Task InitializeAsync()
    {
        var executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Browser tests need Chromium at {executable} (Debian: apt-get install chromium, which .ci/run does; " +
                "or set COHORTLY_CHROMIUM to another Chromium's path).");
        }
        // Playwright's own default (5 s) for expectations is shorter than an action's (15 s, set per context): on a loaded
        // 2-core machine a page that is merely slow failed an expectation while the same wait in an action passed.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>
/// Every browser journey runs in this one collection: one after another, on the shared Chromium. Run side by side
/// (as before, one app and one Chromium per class) they pushed the load on 2 cores to 16 while the API tests ran too,
/// and a journey timed out.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "Browser journeys";
}
