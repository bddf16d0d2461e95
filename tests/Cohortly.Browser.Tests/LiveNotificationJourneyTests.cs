using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>Two browsers side by side: what the instructor does shows up on the student's open page without a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveNotificationJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task TheStudentsOpenPageShowsTheGradeToastAndBadgeWhenTheInstructorGrades() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await Cast.RegisterAsync(http, "Tom Teacher", "Sue Student");
        var (instructorEmail, instructorTokens, studentEmail, studentTokens) = (cast.InstructorEmail, cast.Instructor, cast.StudentEmail, cast.Student);
        var bootcampId = await CreateAsync(instructorTokens, "/api/bootcamps", ApiClient.BootcampBody("Live bootcamp", capacity: 10, tags: ["live"]), "bootcampId");
        using (var enroll = await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", studentTokens.AccessToken))
        {
            await enroll.ExpectAsync(HttpStatusCode.Created);
        }
        var assignmentId = await CreateAsync(instructorTokens, $"/api/bootcamps/{bootcampId}/assignments", new
        {
            title = "Live work", description = "", dueAt = DateTimeOffset.UtcNow.AddDays(2), maxScore = 10, allowedExtensions = Array.Empty<string>(), maxFileBytes = 1000,
        }, "assignmentId");
        using (var submit = await http.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", studentTokens.AccessToken, new { text = "done" }))
        {
            await submit.ExpectAsync(HttpStatusCode.Created);
        }

        var student = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(student, studentEmail, AccountJourneyTests.Password);
        await student.GotoAsync($"/bootcamps/{bootcampId}");
        await Assertions.Expect(student.GetByTestId("bootcamp-page")).ToBeVisibleAsync();
        // Enrollment and the new assignment are already in the inbox; the badge shows that count once it has loaded.
        var unreadBefore = await Eventually.Until(
            async () =>
            {
                using var inbox = await http.SendAsync(HttpMethod.Get, "/api/notifications?pageSize=1", studentTokens.AccessToken);
                return JsonNode.Parse(await inbox.Content.ReadAsStringAsync())!["unread"]!.GetValue<int>();
            },
            unread => unread >= 2,
            TimeSpan.FromSeconds(15),
            "the enrollment and assignment notifications in the inbox");
        var badge = student.GetByTestId("notifications-badge");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-count", unreadBefore.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var instructor = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(instructor, instructorEmail, AccountJourneyTests.Password);
        await instructor.GotoAsync($"/assignments/{assignmentId}");
        await instructor.GetByTestId("grading-row").GetByRole(AriaRole.Button, new() { Name = "Sue Student" }).ClickAsync();
        var gradeForm = instructor.GetByTestId("grade-form");
        await gradeForm.GetByLabel("Score").FillAsync("9");
        await gradeForm.GetByRole(AriaRole.Button, new() { Name = "Save grade" }).ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("row-grade")).ToContainTextAsync("9");

        // No reload on the student's side: the toast and the badge come over the WebSocket.
        var toast = student.GetByTestId("toast-notification").Filter(new() { HasText = "Your work was graded" });
        await Assertions.Expect(toast).ToBeVisibleAsync();
        await Assertions.Expect(toast).ToContainTextAsync("9 / 10");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-count", (unreadBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        await student.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Notifications") }).First.ClickAsync();
        await Assertions.Expect(student.GetByTestId("notification-item").First).ToContainTextAsync("Your work was graded");
        Assert.Empty(fixture.ConsoleErrors);
    });

    private async Task<string> CreateAsync(Tokens author, string path, object body, string idField)
    {
        using var response = await fixture.App.Http.SendAsync(HttpMethod.Post, path, author.AccessToken, body);
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())![idField]!.ToString();
    }
}
