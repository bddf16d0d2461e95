using System.Net;
using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>Every page on a phone's screen (390 × 844 CSS pixels): nothing wider than the screen, so nothing scrolls sideways.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SmallScreenJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public Task EveryPageFitsAPhoneScreenForVisitorsStudentsInstructorsAndAdmins() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await Cast.RegisterAsync(http, "Ines Instructor-With-A-Rather-Long-Name", "Stu Student");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId",
            ApiClient.BootcampBody("Machine learning engineering for production systems", capacity: 12, tags: ["machine-learning", "python", "mlops"], skills: ["pandas", "docker"]));
        var assignmentId = await Classroom.CreateAsync(http, cast.Instructor, $"/api/bootcamps/{bootcampId}/assignments", "assignmentId", new
        {
            title = "A model that survives contact with real traffic",
            description = "Serve it, load it, watch it: https://example.com/a-very-long-link-that-should-wrap-instead-of-stretching-the-page",
            dueAt = DateTimeOffset.UtcNow.AddDays(5),
            maxScore = 100,
            allowedExtensions = new[] { ".pdf", ".ipynb" },
            maxFileBytes = 20_000_000,
        });
        await Classroom.EnrollAsync(http, bootcampId, cast.Student);
        using (var submit = await http.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", cast.Student.AccessToken, new { text = "My notebook and a write-up." }))
        {
            await submit.ExpectAsync(HttpStatusCode.Created);
        }
        var bootcamp = $"/bootcamps/{bootcampId}";
        var paidBootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Paid and priced in a long currency line", priceMinor: 123_456));
        var paymentId = await Classroom.CreateAsync(http, cast.Student, $"/api/bootcamps/{paidBootcampId}/checkout", "paymentId", new { plan = "full" });
        var assignment = $"/assignments/{assignmentId}";
        var tooWide = new List<string>();

        var visitor = await fixture.NewPageAsync(Phone);
        foreach (var path in new[] { "/", "/bootcamps", bootcamp, "/login", "/register", "/forgot-password" })
        {
            await CheckAsync(visitor, path, tooWide);
        }

        var student = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(student, cast.StudentEmail, AccountJourneyTests.Password);
        foreach (var path in new[] { "/", "/account", "/me/bootcamps", "/notifications", "/me/files", "/settings/email",
            $"/bootcamps/{paidBootcampId}", $"/pay/{paymentId}", "/me/payments", assignment, bootcamp })
        {
            await CheckAsync(student, path, tooWide);
        }
        foreach (var tab in new[] { "chat", "resources" })
        {
            await CheckTabAsync(student, tab, tooWide);
        }

        var instructor = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(instructor, cast.InstructorEmail, AccountJourneyTests.Password);
        foreach (var path in new[] { "/", "/bootcamps/new", bootcamp + "/analytics", bootcamp })
        {
            await CheckAsync(instructor, path, tooWide);
        }
        foreach (var tab in new[] { "gradebook", "roster", "settings" })
        {
            await CheckTabAsync(instructor, tab, tooWide);
        }
        await CheckAsync(instructor, assignment, tooWide);
        await instructor.GetByTestId("grading-row").GetByRole(AriaRole.Button, new() { Name = "Stu Student" }).ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("grade-form")).ToBeVisibleAsync();
        await RecordOverflowAsync(instructor, assignment + " (a student's work open)", tooWide);

        var admin = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(admin, cast.AdminEmail, AccountJourneyTests.Password);
        foreach (var path in new[] { "/", "/admin/users?email=" + Uri.EscapeDataString(cast.StudentEmail), "/admin/email", "/admin/coupons", "/admin/platform" })
        {
            await CheckAsync(admin, path, tooWide);
        }

        Assert.True(tooWide.Count == 0, "Wider than a phone's screen:\n" + string.Join("\n", tooWide));
        Assert.Empty(fixture.ConsoleErrors);
    });

    private static async Task CheckAsync(IPage page, string path, List<string> tooWide)
    {
        await page.GotoAsync(path);
        await WaitUntilLoadedAsync(page);
        await RecordOverflowAsync(page, path, tooWide);
    }

    private static async Task CheckTabAsync(IPage page, string tab, List<string> tooWide)
    {
        await page.GetByTestId("tab-" + tab).ClickAsync();
        await WaitUntilLoadedAsync(page);
        await RecordOverflowAsync(page, page.Url + " (tab " + tab + ")", tooWide);
    }

    private static Task WaitUntilLoadedAsync(IPage page) => PageChecks.WaitUntilLoadedAsync(page);

    /// <summary>Notes the page, and the elements that stick out past the right edge, when it is wider than the screen.</summary>
    private static async Task RecordOverflowAsync(IPage page, string where, List<string> tooWide)
    {
        var offenders = await PageChecks.OverflowAsync(page);
        if (offenders.Length > 0)
        {
            tooWide.Add($"{where}: {string.Join(", ", offenders)}");
        }
    }
}
