using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>An instructor opens a bootcamp's analytics and watches a figure change as a student hands in work, without reloading.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AnalyticsJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task AnInstructorSeesTheDashboardUpdateWhenAStudentSubmits() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await Cast.RegisterAsync(http, "Ana Analyst", "Sam Submitter");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Data engineering"));
        await Classroom.EnrollAsync(http, bootcampId, cast.Student);
        var assignmentId = await Classroom.CreateAsync(http, cast.Instructor, $"/api/bootcamps/{bootcampId}/assignments", "assignmentId",
            new { title = "Build a pipeline", description = "", dueAt = DateTimeOffset.UtcNow.AddDays(5), maxScore = 10 });

        var instructor = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(instructor, cast.InstructorEmail, AccountJourneyTests.Password);
        await instructor.GotoAsync($"/bootcamps/{bootcampId}");
        await instructor.GetByTestId("analytics-link").ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("figure-enrolled")).ToHaveTextAsync("1");
        await Assertions.Expect(instructor.GetByTestId("figure-on-time")).ToHaveTextAsync("0");
        // The chart's numbers are in its table too, for screen readers.
        await Assertions.Expect(instructor.GetByTestId("submissions-table")).ToContainTextAsync("Build a pipeline");

        using (var submit = await http.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", cast.Student.AccessToken, new { text = "Extract, load, transform." }))
        {
            await submit.ExpectAsync(System.Net.HttpStatusCode.Created);
        }

        await Assertions.Expect(instructor.GetByTestId("figure-on-time")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Assertions.Expect(instructor.GetByTestId("figure-active")).ToHaveTextAsync("1");

        // The day charts follow the time zone staff choose; a name the server does not know is explained at the field.
        var zone = instructor.GetByTestId("time-zone-form");
        await zone.GetByLabel("Time zone of the day charts").FillAsync("Mars/Olympus");
        await zone.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(zone).ToContainTextAsync("IANA time zone");
        await zone.GetByLabel("Time zone of the day charts").FillAsync("Europe/Berlin");
        await zone.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("analytics-page")).ToContainTextAsync("Days in Europe/Berlin");
        await Assertions.Expect(instructor.GetByTestId("figure-on-time")).ToHaveTextAsync("1");
        Assert.Empty(fixture.ConsoleErrors);
    });
}
