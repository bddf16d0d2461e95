using System.Runtime.CompilerServices;
using Cohortly.Testing;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace Cohortly.Browser.Tests;

/// <summary>
/// A fresh embedded Cohortly process per test class (some journeys need to register its very first account), with
/// pages in the shared Chromium. A journey that fails leaves what it saw behind: see <see cref="RunJourneyAsync"/>.
/// </summary>
public sealed class BrowserFixture(Chromium chromium) : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cohortly-browser");
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<IPage> _pages = [];

    public CohortlyApp App { get; private set; } = null!;

    /// <summary>Script errors, CSP violations and server errors the pages met; tests assert there are none.</summary>
    public List<string> ConsoleErrors { get; } = [];

    public async Task InitializeAsync() =>
        App = await CohortlyApp.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
            // Installment plans fall due seconds apart with a grace of seconds, so a journey sees a later charge fail and
            // access pause while it watches (only bootcamps with a plan are affected).
            ["Cohortly__Payments__InstallmentInterval"] = "00:00:05",
            ["Cohortly__Payments__InstallmentGrace"] = "00:00:08",
            // A failed journey's app.log should show the requests the pages made and how they were answered: at the
            // test processes' Warning level it was empty. Orleans and Polly stay at Warning (their start-up and placement
            // chatter would push the requests out of the kept lines).
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            ["Logging__LogLevel__Orleans"] = "Warning",
            ["Logging__LogLevel__Polly"] = "Warning",
        });

    /// <summary>A fresh browser profile: its own cookies and storage, like another person's machine; a phone's screen if <paramref name="viewport"/> says so.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        var options = new BrowserNewContextOptions { BaseURL = App.BaseAddress.ToString() };
        if (viewport is not null)
        {
            options.ViewportSize = viewport;
        }
        var context = await chromium.Browser.NewContextAsync(options);
        _contexts.Add(context);
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        _pages.Add(page);
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

    /// <summary>
    /// Runs one journey. When it fails, each page it opened leaves a screenshot and its text, and the app its log, in
    /// <c>artifacts/&lt;journey&gt;/</c> next to the test assembly; the failure message names the folder and the files.
    /// </summary>
    public async Task RunJourneyAsync(Func<Task> journey, [CallerMemberName] string name = "")
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts", name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        var firstPage = _pages.Count;
        try
        {
            await journey();
        }
        catch (Exception failure)
        {
            var saved = await JourneyArtifacts.SaveAsync(folder, _pages.Skip(firstPage).ToList(), App.Output, ConsoleErrors);
            throw new XunitException($"{failure.Message}\n\nWhat the journey left behind, in {folder}:\n{string.Join("\n", saved.Select(file => "  " + file))}", failure);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
        await App.DisposeAsync();
        _data.Dispose();
    }
}
