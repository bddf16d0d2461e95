using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>The session in the browser: its own app, so the account it registers is nobody else's first (admin) account.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task PagesOpenedInQuickSuccessionKeepTheSessionWithoutRefreshingIt() => fixture.RunJourneyAsync(async () =>
    {
        var page = await fixture.NewPageAsync();
        await AccountJourneyTests.RegisterAsync(page, "Quinn Quick", ApiClient.UniqueEmail("quick"));
        var refreshes = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/api/auth/refresh", StringComparison.Ordinal)) Interlocked.Increment(ref refreshes);
        };

        // Each page left before it finished loading, as a hurried person or a flaky network does. A page load that
        // refreshed could be cut off after the server rotated the token and before the browser stored it; the next
        // page's refresh then sent the old token, which counts as reuse and ends the session.
        foreach (var path in new[] { "/me/bootcamps", "/notifications", "/me/files", "/account", "/bootcamps" })
        {
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Commit });
        }
        await page.GotoAsync("/account");
        await Assertions.Expect(page.GetByTestId("current-user")).ToHaveTextAsync("Quinn Quick");
        Assert.Equal(0, refreshes);
        Assert.Empty(fixture.ConsoleErrors);
    });
}
