using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Home;

[Collection(EmbeddedAppCollection.Name)]
public sealed class HomeApiTests(EmbeddedAppFixture fixture)
{
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task AStudentSeesTheDueAssignmentWithItsStatusAndTheScoreOnceGraded()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var student = await _api.StudentAsync("Homer");
        await _api.EnrollAsync(student, bootcampId);
        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId);

        Assert.Equal("missing", DueItem(await HomeAsync(student), assignmentId)["status"]!.ToString());
        await _api.SubmitAsync(student, assignmentId);
        Assert.Equal("submitted", DueItem(await HomeAsync(student), assignmentId)["status"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(instructor, HttpMethod.Put,
            $"/api/assignments/{assignmentId}/submissions/{student.UserId}/grade", new { score = 80, feedback = "Tidy and correct." }));

        var home = await HomeAsync(student);
        var due = DueItem(home, assignmentId);
        Assert.Equal(("graded", 80m, false), (due["status"]!.ToString(), due["score"]!.GetValue<decimal>(), due["late"]!.GetValue<bool>()));
        var grade = Assert.Single(Card(home, "assignments.my-work")["recentGrades"]!.AsArray());
        Assert.Equal(("Tidy and correct.", 80m), (grade!["feedback"]!.ToString(), grade["score"]!.GetValue<decimal>()));
        var progress = Assert.Single(Card(home, "bootcamps.progress")["bootcamps"]!.AsArray(), b => b!["bootcampId"]!.ToString() == bootcampId);
        Assert.Equal(80m, progress!["progress"]!["averageScorePercent"]!.GetValue<decimal>());
        Assert.DoesNotContain(Kinds(home), kind => kind is "assignments.grading" or "bootcamps.platform" or "email.failed");
    }

    [Fact]
    public async Task AnInstructorSeesWaitingSubmissionsOldestFirstAndWhoHasNotHandedInDueWork()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var (early, later, silent) = (await _api.StudentAsync("Early"), await _api.StudentAsync("Later"), await _api.StudentAsync("Silent"));
        foreach (var student in new[] { early, later, silent })
        {
            await _api.EnrollAsync(student, bootcampId);
        }
        var dueAssignment = await _api.CreateAssignmentAsync(instructor, bootcampId, BootcampClient.AssignmentBody(dueAt: DateTimeOffset.UtcNow.AddHours(-1)));
        await _api.SubmitAsync(early, dueAssignment);
        await _api.SubmitAsync(later, dueAssignment);

        var home = await HomeAsync(instructor);

        var item = Assert.Single(Card(home, "assignments.grading")["assignments"]!.AsArray(), a => a!["assignmentId"]!.ToString() == dueAssignment)!;
        Assert.Equal(2, item["waitingCount"]!.GetValue<int>());
        Assert.Equal([early.UserId, later.UserId], item["oldestWaiting"]!.AsArray().Select(s => s!["studentId"]!.ToString()));
        Assert.Equal(1, item["missingCount"]!.GetValue<int>());
        Assert.Equal("Silent", Assert.Single(item["missing"]!.AsArray())!["displayName"]!.ToString());
        Assert.Contains(Card(home, "bootcamps.teaching")["bootcamps"]!.AsArray(), b => b!["bootcampId"]!.ToString() == bootcampId);

        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(instructor, HttpMethod.Put,
            $"/api/assignments/{dueAssignment}/submissions/{early.UserId}/grade", new { score = 70, feedback = "" }));
        var afterGrading = Assert.Single(Card(await HomeAsync(instructor), "assignments.grading")["assignments"]!.AsArray(),
            a => a!["assignmentId"]!.ToString() == dueAssignment)!;
        Assert.Equal([later.UserId], afterGrading["oldestWaiting"]!.AsArray().Select(s => s!["studentId"]!.ToString()));
    }

    [Fact]
    public async Task AStudentSeesNothingOfABootcampTheyAreNotIn()
    {
        var instructor = await _api.InstructorAsync();
        var otherBootcamp = await _api.CreateBootcampAsync(instructor, ApiClient.BootcampBody(title: "Secret cohort " + Guid.NewGuid().ToString("N")[..6]));
        var otherAssignment = await _api.CreateAssignmentAsync(instructor, otherBootcamp);
        var insider = await _api.StudentAsync();
        await _api.EnrollAsync(insider, otherBootcamp);
        await _api.SubmitAsync(insider, otherAssignment);
        var outsider = await _api.StudentAsync();
        await _api.EnrollAsync(outsider, await _api.CreateBootcampAsync(instructor));

        using var response = await _api.Http.SendAsync(HttpMethod.Get, "/api/me/home", outsider.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain(otherBootcamp, text, StringComparison.Ordinal);
        Assert.DoesNotContain(otherAssignment, text, StringComparison.Ordinal);
        Assert.DoesNotContain(insider.UserId, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAdminCardsCountUsersBootcampsAndEnrollmentsAndListTheNewest()
    {
        var adminHome = await HomeAsync(fixture.Admin);
        var before = Card(adminHome, "bootcamps.platform");
        var usersBefore = Card(adminHome, "accounts.sign-ups")["users"]!.GetValue<int>();
        var instructor = await _api.InstructorAsync();
        var title = "Starts soon " + Guid.NewGuid().ToString("N")[..6];
        var body = new
        {
            title, description = "Soon.", startsAt = DateTimeOffset.UtcNow.AddDays(3), endsAt = DateTimeOffset.UtcNow.AddDays(40),
            capacity = 10, priceMinor = 0, currency = "EUR", tags = Array.Empty<string>(), skills = Array.Empty<string>(),
        };
        var bootcampId = await _api.CreateBootcampAsync(instructor, body);
        var newcomer = await _api.StudentAsync("Newcomer");
        await _api.EnrollAsync(newcomer, bootcampId);

        // The catalog readers answer from a snapshot at most a second old.
        var after = await Eventually.Until(async () => Card(await HomeAsync(fixture.Admin), "bootcamps.platform"),
            card => card["startingSoon"]!.AsArray().Any(b => b!["bootcampId"]!.ToString() == bootcampId && b["seatsLeft"]!.GetValue<int>() == 9),
            TimeSpan.FromSeconds(10), "the new bootcamp on the admin's home");

        // Other tests share the app and add bootcamps of their own meanwhile.
        Assert.True(after["bootcamps"]!.GetValue<int>() >= before["bootcamps"]!.GetValue<int>() + 1);
        Assert.True(after["enrollments"]!.GetValue<int>() >= before["enrollments"]!.GetValue<int>() + 1);
        var signUps = Card(await HomeAsync(fixture.Admin), "accounts.sign-ups");
        Assert.True(signUps["users"]!.GetValue<int>() >= usersBefore + 2);
        Assert.Contains(signUps["recent"]!.AsArray(), s => s!["userId"]!.ToString() == newcomer.UserId && s["displayName"]!.ToString() == "Newcomer");
        Assert.Contains("email.failed", Kinds(await HomeAsync(fixture.Admin)));
        Assert.DoesNotContain(Kinds(await HomeAsync(instructor)), kind => kind is "bootcamps.platform" or "accounts.sign-ups" or "email.failed");
        Assert.DoesNotContain(Kinds(await HomeAsync(newcomer)), kind => kind is "bootcamps.platform" or "accounts.sign-ups" or "email.failed");
    }

    [Fact]
    public async Task AMentorSeesTheirStudentsAndTheirOwnAvailability()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var mentor = await _api.UserWithRolesAsync("Mentor", "mentor");
        await _api.AssignStaffAsync(bootcampId, mentor.UserId, "mentor");
        var student = await _api.StudentAsync("Mentee");
        await _api.EnrollAsync(student, bootcampId);
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(mentor, HttpMethod.Put, "/api/mentors/me/availability", new { available = true }));

        var home = await HomeAsync(mentor);

        var mentored = Assert.Single(Card(home, "bootcamps.mentor-students")["bootcamps"]!.AsArray())!;
        Assert.Equal((1, "Mentee"), (mentored["studentCount"]!.GetValue<int>(), mentored["students"]![0]!["displayName"]!.ToString()));
        Assert.True(Card(home, "notifications.availability")["available"]!.GetValue<bool>());
        // Enrolled a moment ago: not quiet yet, however little they have handed in.
        Assert.Empty(Card(home, "assignments.quiet-students")["students"]!.AsArray());
    }

    private async Task<JsonNode> HomeAsync(Tokens caller) => await _api.GetJsonAsync(caller, "/api/me/home");

    private static IEnumerable<string> Kinds(JsonNode home) => home["cards"]!.AsArray().Select(card => card!["kind"]!.ToString());

    private static JsonNode Card(JsonNode home, string kind)
    {
        var card = Assert.Single(home["cards"]!.AsArray(), c => c!["kind"]!.ToString() == kind)!;
        Assert.Null(card["error"]);
        return card["data"]!;
    }

    private static JsonNode DueItem(JsonNode home, string assignmentId) =>
        Assert.Single(Card(home, "assignments.my-work")["dueNext"]!.AsArray(), a => a!["assignmentId"]!.ToString() == assignmentId)!;
}
