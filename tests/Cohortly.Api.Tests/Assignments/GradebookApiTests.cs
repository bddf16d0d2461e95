using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Assignments;

[Collection(EmbeddedAppCollection.Name)]
public sealed class GradebookApiTests(EmbeddedAppFixture fixture)
{
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task TheGradebookListsEveryStudentIncludingThoseWhoHandedNothingIn()
    {
        var story = await StoryAsync("Ada", "Bo", "Cy");
        var (ada, bo, cy) = (story.Students[0], story.Students[1], story.Students[2]);
        await _api.SubmitAsync(ada, story.PastDue);
        await GradeAsync(story, ada, story.PastDue, 50);
        await _api.SubmitAsync(bo, story.Upcoming);

        var book = await _api.GetJsonAsync(story.Instructor, $"/api/bootcamps/{story.BootcampId}/gradebook");

        Assert.Equal([story.PastDue, story.Upcoming], book["assignments"]!.AsArray().Select(a => a!["assignmentId"]!.ToString()));
        var rows = book["rows"]!.AsArray().ToDictionary(r => r!["studentId"]!.ToString(), r => r!["cells"]!.AsArray());
        Assert.Equal(3, rows.Count);
        Assert.Equal(("graded", 50m, true, 1), Cell(rows[ada.UserId][0]));
        Assert.Equal(("missing", null, false, null), Cell(rows[ada.UserId][1]));
        Assert.Equal(("missing", null, true, null), Cell(rows[bo.UserId][0]));
        Assert.Equal(("submitted", null, false, 1), Cell(rows[bo.UserId][1]));
        Assert.Equal(("missing", null, true, null), Cell(rows[cy.UserId][0]));
        Assert.Equal(("missing", null, false, null), Cell(rows[cy.UserId][1]));

        var mentor = await _api.UserWithRolesAsync("Mentor", "mentor");
        await _api.AssignStaffAsync(story.BootcampId, mentor.UserId, "mentor");
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(mentor, HttpMethod.Get, $"/api/bootcamps/{story.BootcampId}/gradebook"));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, $"/api/bootcamps/{story.BootcampId}/gradebook"));
    }

    [Fact]
    public async Task TheCsvExportQuotesNamesAndDefusesFormulas()
    {
        var story = await StoryAsync("Doe, Jane", "=HYPERLINK(\"http://evil.example\")", "Plain");
        await _api.SubmitAsync(story.Students[0], story.PastDue);
        await GradeAsync(story, story.Students[0], story.PastDue, 42.5m);

        using var response = await _api.Http.SendAsync(HttpMethod.Get, $"/api/bootcamps/{story.BootcampId}/gradebook?format=csv", story.Instructor.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".csv", response.Content.Headers.ContentDisposition?.FileName ?? "", StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(4, lines.Length);
        Assert.StartsWith("Student id,Student,Past due (score of 100),Past due (status),Past due (late),Upcoming (score of 100)", lines[0], StringComparison.Ordinal);
        Assert.Contains($"{story.Students[0].UserId},\"Doe, Jane\",42.5,graded,yes,,missing,no", lines, StringComparer.Ordinal);
        Assert.Contains($"{story.Students[1].UserId},\"'=HYPERLINK(\"\"http://evil.example\"\")\",,missing,yes,,missing,no", lines, StringComparer.Ordinal);
        Assert.Contains($"{story.Students[2].UserId},Plain,,missing,yes,,missing,no", lines, StringComparer.Ordinal);
    }

    [Fact]
    public async Task StudentsAndOtherBootcampsInstructorsCannotReadTheGradebook()
    {
        var story = await StoryAsync("Only");
        var otherInstructor = await _api.InstructorAsync();
        await _api.CreateBootcampAsync(otherInstructor);
        var path = $"/api/bootcamps/{story.BootcampId}/gradebook";

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Students[0], HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Students[0], HttpMethod.Get, path + "?format=csv"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(otherInstructor, HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(story.Instructor, HttpMethod.Get, "/api/bootcamps/no-such-bootcamp/gradebook"));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(story.Instructor, HttpMethod.Get, path + "?format=xlsx"));
    }

    [Fact]
    public async Task AStudentsAssignmentListCarriesTheirOwnStatusScoreAndLateness()
    {
        var story = await StoryAsync("Lister", "Classmate");
        var (student, classmate) = (story.Students[0], story.Students[1]);
        await _api.SubmitAsync(classmate, story.Upcoming);
        await _api.SubmitAsync(student, story.PastDue);
        await GradeAsync(story, student, story.PastDue, 75);

        var mine = (await _api.GetJsonAsync(student, $"/api/bootcamps/{story.BootcampId}/assignments"))["items"]!.AsArray();

        Assert.Equal(("graded", 75m, true), Standing(mine[0]!));
        // The classmate's submission is theirs: the student's own standing on it is still missing.
        Assert.Equal(("missing", null, false), Standing(mine[1]!));
        var staff = (await _api.GetJsonAsync(story.Instructor, $"/api/bootcamps/{story.BootcampId}/assignments"))["items"]!.AsArray();
        Assert.All(staff, item => Assert.Null(item!["myStatus"]));
    }

    private async Task<Story> StoryAsync(params string[] names)
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var students = new List<Tokens>();
        foreach (var name in names)
        {
            var student = await _api.Http.RegisterAsync(ApiClient.UniqueEmail("student"), displayName: name);
            await _api.EnrollAsync(student, bootcampId);
            students.Add(student);
        }
        var pastDue = await _api.CreateAssignmentAsync(instructor, bootcampId, Titled("Past due", DateTimeOffset.UtcNow.AddDays(-1)));
        var upcoming = await _api.CreateAssignmentAsync(instructor, bootcampId, Titled("Upcoming", DateTimeOffset.UtcNow.AddDays(3)));
        return new Story(instructor, bootcampId, students, pastDue, upcoming);
    }

    private static object Titled(string title, DateTimeOffset dueAt) => new { title, description = "", dueAt, maxScore = 100 };

    private async Task GradeAsync(Story story, Tokens student, string assignmentId, decimal score) =>
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(story.Instructor, HttpMethod.Put,
            $"/api/assignments/{assignmentId}/submissions/{student.UserId}/grade", new { score, feedback = "" }));

    private static (string, decimal?, bool, int?) Cell(JsonNode? cell) =>
        (cell!["status"]!.ToString(), cell["score"]?.GetValue<decimal>(), cell["late"]!.GetValue<bool>(), cell["version"]?.GetValue<int>());

    private static (string, decimal?, bool) Standing(JsonNode item) =>
        (item["myStatus"]!.ToString(), item["myScore"]?.GetValue<decimal>(), item["late"]!.GetValue<bool>());

    private sealed record Story(Tokens Instructor, string BootcampId, IReadOnlyList<Tokens> Students, string PastDue, string Upcoming);
}
