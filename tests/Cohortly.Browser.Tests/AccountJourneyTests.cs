using System.Text.Json.Nodes;
using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>User journeys through the web app in a real Chromium, one test per journey.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    internal const string Password = "a long and unusual passphrase";

    [Fact]
    public Task RegisterLogOutLogInAndSeeTheNavigationOfYourRole() => fixture.RunJourneyAsync(async () =>
    {
        var adminEmail = ApiClient.UniqueEmail("first");
        var admin = await fixture.NewPageAsync();

        // The very first account on the system: the admin.
        await RegisterAsync(admin, "Ada Admin", adminEmail);
        await Assertions.Expect(admin.GetByTestId("current-user")).ToHaveTextAsync("Ada Admin");
        await admin.GotoAsync("/account");
        await Assertions.Expect(admin.GetByTestId("nav-admin")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("account-roles")).ToContainTextAsync("dmin");

        await admin.GetByTestId("logout-button").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("nav-main").GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("nav-admin")).ToHaveCountAsync(0);

        // A later account, in another browser profile: a student, with no admin section.
        var studentEmail = ApiClient.UniqueEmail("student");
        var student = await fixture.NewPageAsync();
        await RegisterAsync(student, "Sam Student", studentEmail);
        await Assertions.Expect(student.GetByTestId("current-user")).ToHaveTextAsync("Sam Student");
        await student.GotoAsync("/account");
        await Assertions.Expect(student.GetByTestId("account-roles")).ToContainTextAsync("tudent");
        await Assertions.Expect(student.GetByTestId("nav-admin")).ToHaveCountAsync(0);
        await student.GotoAsync("/admin/users");
        await Assertions.Expect(student.GetByTestId("forbidden")).ToBeVisibleAsync();

        // The admin logs back in, finds the student and makes them an instructor.
        await LogInAsync(admin, adminEmail, Password);
        await Assertions.Expect(admin.GetByTestId("nav-admin")).ToBeVisibleAsync();
        await admin.GetByTestId("admin-menu-button").ClickAsync();
        await admin.GetByTestId("nav-admin").GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await admin.GetByLabel("Email address").FillAsync(studentEmail);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        var result = admin.GetByTestId("user-result");
        await Assertions.Expect(result).ToContainTextAsync("Sam Student");
        await result.Locator("input[value=instructor]").CheckAsync();
        await result.GetByRole(AriaRole.Button, new() { Name = "Save roles" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("toast-success")).ToBeVisibleAsync();

        // The student's open page picks the new role up on its next load of the account.
        await student.GotoAsync("/account");
        await Assertions.Expect(student.GetByTestId("account-roles")).ToContainTextAsync("nstructor");
        Assert.Empty(fixture.ConsoleErrors);
    });

    internal static async Task RegisterAsync(IPage page, string displayName, string email)
    {
        await page.GotoAsync("/register");
        await page.GetByLabel("Display name").FillAsync(displayName);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await WaitForHomeAsync(page);
    }

    internal static async Task LogInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await WaitForHomeAsync(page);
    }

    /// <summary>Logging in and registering land on the signed-in home, <c>/</c>.</summary>
    private static async Task WaitForHomeAsync(IPage page)
    {
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(page.GetByTestId("home-page")).ToBeVisibleAsync();
    }
}
