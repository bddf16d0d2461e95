using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>An instructor makes a report on the Reports page, downloads it as CSV, saves it to be emailed weekly and stops it, and is told why a grouping means nothing.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportsJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task AnInstructorSeesAReportAsAChartAndATableAndDownloadsItsCsv() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await Cast.RegisterAsync(http, "Rhea Reporter", "Mo Missing");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Report writing"));
        await Classroom.EnrollAsync(http, bootcampId, cast.Student);
        await Classroom.CreateAsync(http, cast.Instructor, $"/api/bootcamps/{bootcampId}/assignments", "assignmentId",
            new { title = "Overdue essay", description = "", dueAt = DateTimeOffset.UtcNow.AddDays(-1), maxScore = 10 });

        var page = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(page, cast.InstructorEmail, AccountJourneyTests.Password);
        await page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).First.ClickAsync();
        var form = page.GetByTestId("reports-page");
        await form.GetByLabel("Figure").SelectOptionAsync(new SelectOptionValue { Label = "Missing submissions" });
        await form.GetByLabel("Group by").SelectOptionAsync(new SelectOptionValue { Label = "Student" });
        await form.GetByLabel("Bootcamp").SelectOptionAsync(new SelectOptionValue { Label = "Report writing" });
        // The keyboard is enough: Enter on the focused button shows the report.
        await form.GetByRole(AriaRole.Button, new() { Name = "Show report" }).PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("report-chart")).ToBeVisibleAsync();
        var table = page.GetByTestId("report-table");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(table.Locator("tbody tr").First).ToContainTextAsync("Mo Missing");
        await Assertions.Expect(table.Locator("tbody tr td").Last).ToHaveTextAsync("1");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
        Assert.Equal("report-missing-by-student.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Equal(["studentId,student,missing", $"{cast.Student.UserId},Mo Missing,1"], csv.TrimEnd().Split("\r\n"));

        // Saved by name, it is listed to be emailed weekly, and can be stopped.
        var saved = page.GetByTestId("saved-reports");
        await saved.GetByRole(AriaRole.Button, new() { Name = "Save and email weekly" }).ClickAsync();
        await Assertions.Expect(saved.GetByTestId("error-name")).ToContainTextAsync("name");
        await saved.GetByLabel("Name of the report above").FillAsync("Who is behind");
        await saved.GetByRole(AriaRole.Button, new() { Name = "Save and email weekly" }).ClickAsync();
        await Assertions.Expect(saved.Locator("li")).ToContainTextAsync("Who is behind");
        await saved.GetByRole(AriaRole.Button, new() { Name = "Stop emailing Who is behind" }).ClickAsync();
        await Assertions.Expect(saved).ToContainTextAsync("None yet.");

        // A grouping that means nothing is explained at the field.
        await form.GetByLabel("Figure").SelectOptionAsync(new SelectOptionValue { Label = "Completion rate" });
        await form.GetByLabel("Group by").SelectOptionAsync(new SelectOptionValue { Label = "Day" });
        await form.GetByRole(AriaRole.Button, new() { Name = "Show report" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-groupBy")).ToContainTextAsync("group it by bootcamp");
        Assert.Empty(fixture.ConsoleErrors);
    });
}
