using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>An instructor logs in to a home that lists the work waiting for a grade, and grades from there.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InstructorHomeJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task AnInstructorLogsInAndGradesFromWaitingToBeGraded() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await Cast.RegisterAsync(http, "Gus Grader", "Wendy Waiting");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Systems design"));
        await Classroom.EnrollAsync(http, bootcampId, cast.Student);
        var assignmentId = await Classroom.CreateAsync(http, cast.Instructor, $"/api/bootcamps/{bootcampId}/assignments", "assignmentId",
            new { title = "Design a URL shortener", description = "", dueAt = DateTimeOffset.UtcNow.AddDays(5), maxScore = 10 });
        using (var submit = await http.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", cast.Student.AccessToken, new { text = "Hash, store, redirect." }))
        {
            await submit.ExpectAsync(System.Net.HttpStatusCode.Created);
        }

        var instructor = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(instructor, cast.InstructorEmail, AccountJourneyTests.Password);

        var waiting = instructor.GetByTestId("home-waiting").GetByTestId("waiting-assignment");
        await Assertions.Expect(waiting).ToContainTextAsync("Design a URL shortener");
        await waiting.GetByRole(AriaRole.Link, new() { Name = "Grade Wendy Waiting" }).ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("student-work")).ToContainTextAsync("Hash, store, redirect.");
        var gradeForm = instructor.GetByTestId("grade-form");
        await gradeForm.GetByLabel("Score").FillAsync("9");
        await gradeForm.GetByLabel("Feedback").FillAsync("Consider collisions.");
        await gradeForm.GetByRole(AriaRole.Button, new() { Name = "Save grade" }).ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("row-grade")).ToContainTextAsync("9");

        await instructor.GetByTestId("nav-main").GetByRole(AriaRole.Link, new() { Name = "Home" }).ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("home-waiting")).ToContainTextAsync("Nothing waiting");
        Assert.Empty(fixture.ConsoleErrors);
    });
}
