using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>Debian's Chromium driven by Playwright against a fresh embedded Cohortly process.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private readonly TempDirectory _data = new("cohortly-browser");
    private IPlaywright _playwright = null!;

    public CohortlyApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Browser tests need Debian's Chromium at {ChromiumPath} (apt-get install chromium; .ci/run does it).");
        }
        App = await CohortlyApp.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser profile: its own cookies and storage, like another person's machine.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseAddress.ToString() });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            // The browser logs every 4xx answer as an error too (a 401 racing a logout, a 403 page); those are
            // asserted by the tests where they matter. Script errors and CSP violations are what this catches.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                ConsoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => ConsoleErrors.Add("page error: " + error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                ConsoleErrors.Add($"{response.Status} from {response.Url}");
            }
        };
        return page;
    }

    /// <summary>Script errors, CSP violations and server errors the pages met; tests assert there are none.</summary>
    public List<string> ConsoleErrors { get; } = [];

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
        _data.Dispose();
    }
}
