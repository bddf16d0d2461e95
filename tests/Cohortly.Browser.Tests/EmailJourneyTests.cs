using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>Its own process, so the admin it registers first is really the first account.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EmailJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task AStudentTurnsOffAssignmentEmailsAndTheAdminSeesTheirWelcomeEmailSent() => fixture.RunJourneyAsync(async () =>
    {
        var admin = await fixture.NewPageAsync();
        await AccountJourneyTests.RegisterAsync(admin, "Ada Admin", ApiClient.UniqueEmail("admin"));
        var studentEmail = ApiClient.UniqueEmail("student");
        var student = await fixture.NewPageAsync();
        await AccountJourneyTests.RegisterAsync(student, "Sam Student", studentEmail);

        await student.GotoAsync("/account");
        await student.GetByRole(AriaRole.Link, new() { Name = "Email settings" }).ClickAsync();
        await Assertions.Expect(student.GetByLabel("Weekly progress report")).ToBeCheckedAsync();
        await Assertions.Expect(student.GetByLabel("News and offers")).Not.ToBeCheckedAsync();
        await student.GetByLabel("New assignments").UncheckAsync();
        await student.GetByRole(AriaRole.Button, new() { Name = "Save email settings" }).ClickAsync();
        await Assertions.Expect(student.GetByText("Email settings saved.")).ToBeVisibleAsync();
        await student.ReloadAsync();
        await Assertions.Expect(student.GetByLabel("New assignments")).Not.ToBeCheckedAsync();
        await Assertions.Expect(student.GetByLabel("Weekly progress report")).ToBeCheckedAsync();

        await admin.GotoAsync("/admin/email");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sent", Exact = true }).ClickAsync();
        var row = admin.GetByTestId("outbox-row").Filter(new() { HasText = studentEmail });
        // Sent a moment after registering: refresh until it shows.
        await Eventually.Until(async () =>
        {
            await admin.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
            return await row.CountAsync();
        }, count => count == 1, TimeSpan.FromSeconds(15), "the student's welcome email in the outbox");
        await Assertions.Expect(row).ToContainTextAsync("welcome");
        await Assertions.Expect(row).ToContainTextAsync("sent");
        Assert.Empty(fixture.ConsoleErrors);
    });
}
