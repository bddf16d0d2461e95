using System.Text.Json.Nodes;
using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>Its own process, so the admin it registers first is really the first account.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PasswordResetJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task ForgetThePasswordFollowTheEmailedLinkAndLogInWithTheNewOne() => fixture.RunJourneyAsync(async () =>
    {
        // The first account is the admin who may read the embedded dev mailbox.
        var adminTokens = await fixture.App.Http.RegisterAsync(ApiClient.UniqueEmail("admin"), AccountJourneyTests.Password, "Mailbox Admin");
        var email = ApiClient.UniqueEmail("forgetful");
        var page = await fixture.NewPageAsync();
        await AccountJourneyTests.RegisterAsync(page, "Frank Forgetful", email);
        await page.GetByTestId("logout-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("nav-main").GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();

        await page.GotoAsync("/login");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("forgot", System.Text.RegularExpressions.RegexOptions.IgnoreCase) }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a reset link" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Or(page.GetByRole(AriaRole.Alert)).First).ToBeVisibleAsync();

        var link = await ResetLinkFromMailboxAsync(adminTokens.AccessToken, email);
        await page.GotoAsync(link);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("my fresh new passphrase");
        await page.GetByLabel("Confirm new password").FillAsync("my fresh new passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await page.WaitForURLAsync("**/login**");

        await AccountJourneyTests.LogInAsync(page, email, "my fresh new passphrase");
        await Assertions.Expect(page.GetByTestId("current-user")).ToHaveTextAsync("Frank Forgetful");
    });

    private async Task<string> ResetLinkFromMailboxAsync(string adminToken, string email)
    {
        var message = await Eventually.Until(
            async () =>
            {
                using var response = await fixture.App.Http.SendAsync(HttpMethod.Get, "/dev/mailbox", adminToken);
                var items = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray();
                return items.FirstOrDefault(m => m!["to"]!.ToString() == email && m["text"]!.ToString().Contains("/reset-password?token=", StringComparison.Ordinal));
            },
            found => found is not null,
            TimeSpan.FromSeconds(10),
            "the reset email");
        return message!["text"]!.ToString().Split('\n').Single(line => line.Contains("/reset-password?token=", StringComparison.Ordinal)).Trim();
    }
}
