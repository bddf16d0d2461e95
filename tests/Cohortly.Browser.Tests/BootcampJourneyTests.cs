using System.Globalization;
using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>The core loop in a real browser: an instructor sets work, a student enrolls and submits, the grade comes back.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BootcampJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task InstructorSetsWorkStudentEnrollsAndSubmitsInstructorGradesStudentSeesTheGrade() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await Cast.RegisterAsync(http, "Tess Teacher", "Stan Student");
        var (instructorEmail, studentEmail) = (cast.InstructorEmail, cast.StudentEmail);

        // The instructor opens a bootcamp and sets an assignment.
        var instructor = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(instructor, instructorEmail, AccountJourneyTests.Password);
        await instructor.GotoAsync("/bootcamps/new");
        await instructor.GetByLabel("Title").FillAsync("Full-stack in 8 weeks");
        await instructor.GetByLabel("Description").FillAsync("Build and ship a web app.");
        await instructor.GetByLabel("Starts at").FillAsync(Local(DateTime.Now.AddDays(7)));
        await instructor.GetByLabel("Ends at").FillAsync(Local(DateTime.Now.AddDays(63)));
        await instructor.GetByLabel("Capacity").FillAsync("25");
        await instructor.GetByLabel("Tags").FillAsync("web, beginner");
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Create bootcamp" }).ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("bootcamp-title")).ToHaveTextAsync("Full-stack in 8 weeks");
        var bootcampUrl = instructor.Url;

        var assignmentForm = instructor.GetByTestId("new-assignment-form");
        await assignmentForm.GetByLabel("Title").FillAsync("Build a REST API");
        await assignmentForm.GetByLabel("Due at").FillAsync(Local(DateTime.Now.AddDays(14)));
        await assignmentForm.GetByLabel("Max score").FillAsync("100");
        await assignmentForm.GetByRole(AriaRole.Button, new() { Name = "Create assignment" }).ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("assignment-link")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Build a REST API"));

        // The student finds it, enrolls and submits twice.
        var student = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(student, studentEmail, AccountJourneyTests.Password);
        await student.GotoAsync(bootcampUrl);
        await student.GetByTestId("enroll-button").ClickAsync();
        await Assertions.Expect(student.GetByTestId("enrolled-badge")).ToBeVisibleAsync();
        // Enrolling brings in the progress card, which loads on its own and pushes the assignment list down: a click
        // aimed before it settles lands where the link used to be.
        await Assertions.Expect(student.GetByTestId("progress").GetByRole(AriaRole.Progressbar)).ToBeVisibleAsync();
        await student.GetByTestId("assignment-link").ClickAsync();
        await Assertions.Expect(student.GetByTestId("assignment-page")).ToBeVisibleAsync();
        await student.GetByLabel("Your answer").FillAsync("https://example.com/my-first-try");
        await student.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Assertions.Expect(student.GetByTestId("my-versions").GetByTestId("version-item")).ToHaveCountAsync(1);
        await student.GetByLabel("Your answer").FillAsync("https://example.com/my-second-try");
        await student.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Assertions.Expect(student.GetByTestId("my-versions").GetByTestId("version-item")).ToHaveCountAsync(2);

        // The instructor grades the latest version from the grading view.
        await instructor.GetByTestId("assignment-link").ClickAsync();
        var row = instructor.GetByTestId("grading-row");
        await Assertions.Expect(row).ToContainTextAsync("Stan Student");
        await row.GetByRole(AriaRole.Button, new() { Name = "Stan Student" }).ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("student-work")).ToContainTextAsync("my-second-try");
        var gradeForm = instructor.GetByTestId("grade-form");
        await gradeForm.GetByLabel("Score").FillAsync("92");
        await gradeForm.GetByLabel("Feedback").FillAsync("Clean endpoints, good tests.");
        await gradeForm.GetByRole(AriaRole.Button, new() { Name = "Save grade" }).ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("row-grade")).ToContainTextAsync("92");

        // The student sees the grade and feedback on the assignment page.
        await student.ReloadAsync();
        await Assertions.Expect(student.GetByTestId("grade-card")).ToContainTextAsync("92");
        await Assertions.Expect(student.GetByTestId("grade-card")).ToContainTextAsync("Clean endpoints, good tests.");
        Assert.Empty(fixture.ConsoleErrors);
    });

    private static string Local(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
