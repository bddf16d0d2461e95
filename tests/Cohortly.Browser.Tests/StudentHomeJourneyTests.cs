using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>A student logs in to a home that names their due work, and opens it from there.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StudentHomeJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task AStudentLogsInLandsOnTheirHomeAndOpensTheDueAssignmentFromIt() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await Cast.RegisterAsync(http, "Hana Host", "Dee Due");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Data wrangling"));
        await Classroom.EnrollAsync(http, bootcampId, cast.Student);
        var assignmentId = await Classroom.CreateAsync(http, cast.Instructor, $"/api/bootcamps/{bootcampId}/assignments", "assignmentId",
            new { title = "Clean the survey data", description = "Tidy it.", dueAt = DateTimeOffset.UtcNow.AddDays(2), maxScore = 20 });

        var student = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(student, cast.StudentEmail, AccountJourneyTests.Password);

        var due = student.GetByTestId("home-due-next").GetByTestId("due-item");
        await Assertions.Expect(due).ToContainTextAsync("Clean the survey data");
        await Assertions.Expect(due.GetByTestId("work-status")).ToContainTextAsync("Not submitted");
        await Assertions.Expect(student.GetByTestId("home-progress")).ToContainTextAsync("Data wrangling");
        await due.GetByTestId("due-link").ClickAsync();
        await Assertions.Expect(student.GetByTestId("assignment-page")).ToContainTextAsync("Clean the survey data");
        await student.GetByLabel("Your answer").FillAsync("https://example.com/clean.ipynb");
        await student.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Assertions.Expect(student.GetByTestId("my-versions").GetByTestId("version-item")).ToHaveCountAsync(1);

        // Back home, the same assignment now says it was handed in.
        await student.GetByTestId("nav-main").GetByRole(AriaRole.Link, new() { Name = "Home" }).ClickAsync();
        await Assertions.Expect(student.GetByTestId("home-due-next").GetByTestId("work-status")).ToContainTextAsync("Submitted");

        // On My bootcamps, the grade's arrival changes the average without a reload.
        await student.GetByTestId("nav-main").GetByRole(AriaRole.Link, new() { Name = "My bootcamps" }).ClickAsync();
        await Assertions.Expect(student.GetByTestId("progress-average")).ToHaveTextAsync("No grades yet");
        using (var grade = await http.SendAsync(HttpMethod.Put, $"/api/assignments/{assignmentId}/submissions/{cast.Student.UserId}/grade",
                   cast.Instructor.AccessToken, new { score = 18, feedback = "Careful with the dates." }))
        {
            await grade.ExpectAsync(System.Net.HttpStatusCode.OK);
        }
        await Assertions.Expect(student.GetByTestId("progress-average")).ToHaveTextAsync("90%");
        Assert.Empty(fixture.ConsoleErrors);
    });
}
