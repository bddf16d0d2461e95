using System.Net;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Assignments;

[Collection(EmbeddedAppCollection.Name)]
public sealed class AssignmentsApiTests(EmbeddedAppFixture fixture)
{
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task SubmitVersionsGradeAndSeeProgressUpdateAtOnce()
    {
        var (instructor, bootcampId) = await BootcampWithInstructorAsync();
        var student = await _api.StudentAsync("Stu");
        await _api.EnrollAsync(student, bootcampId);
        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId);
        await _api.CreateAssignmentAsync(instructor, bootcampId);

        var first = await _api.SubmitAsync(student, assignmentId, "first try");
        var second = await _api.SubmitAsync(student, assignmentId, "second try");
        Assert.Equal((1, 2), (first["version"]!.GetValue<int>(), second["version"]!.GetValue<int>()));
        Assert.False(second["late"]!.GetValue<bool>());

        var own = await _api.GetJsonAsync(student, $"/api/assignments/{assignmentId}/submissions");
        Assert.Equal(2, own["total"]!.GetValue<int>());
        Assert.Equal("second try", own["items"]![0]!["text"]!.ToString());
        var v1 = await _api.GetJsonAsync(instructor, $"/api/assignments/{assignmentId}/submissions/{student.UserId}/versions/1");
        Assert.Equal("first try", v1["text"]!.ToString());

        var latest = await _api.GetJsonAsync(instructor, $"/api/assignments/{assignmentId}/submissions");
        Assert.Equal(1, latest["total"]!.GetValue<int>());
        Assert.Equal((student.UserId, "Stu", 2), (latest["items"]![0]!["studentId"]!.ToString(), latest["items"]![0]!["studentName"]!.ToString(), latest["items"]![0]!["latestVersion"]!.GetValue<int>()));

        using (var grade = await _api.Http.SendAsync(HttpMethod.Put, $"/api/assignments/{assignmentId}/submissions/{student.UserId}/grade",
                   instructor.AccessToken, new { score = 80, feedback = "Solid work." }))
        {
            await grade.ExpectAsync(HttpStatusCode.OK);
        }

        var graded = await _api.GetJsonAsync(student, $"/api/assignments/{assignmentId}/submissions");
        Assert.Equal(80m, graded["items"]![0]!["grade"]!["publishedScore"]!.GetValue<decimal>());
        Assert.Equal("Solid work.", graded["items"]![0]!["grade"]!["feedback"]!.ToString());
        var progress = await _api.GetJsonAsync(student, $"/api/bootcamps/{bootcampId}/progress/{student.UserId}");
        Assert.Equal((1, 2, 80m, 0), (progress["completedAssignments"]!.GetValue<int>(), progress["totalAssignments"]!.GetValue<int>(),
            progress["averageScorePercent"]!.GetValue<decimal>(), progress["lateCount"]!.GetValue<int>()));
        var staffView = await _api.GetJsonAsync(instructor, $"/api/assignments/{assignmentId}/submissions");
        Assert.Equal(80m, staffView["items"]![0]!["grade"]!["score"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task LateWorkIsFlaggedPenalisedByThePolicyAndAnExtensionMakesItOnTime()
    {
        var (instructor, bootcampId) = await BootcampWithInstructorAsync();
        var late = await _api.StudentAsync("Late");
        var extended = await _api.StudentAsync("Extended");
        await _api.EnrollAsync(late, bootcampId);
        await _api.EnrollAsync(extended, bootcampId);
        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId, BootcampClient.AssignmentBody(
            dueAt: DateTimeOffset.UtcNow.AddDays(-2).AddHours(-1), latePolicy: new { percentPerDay = 10, floorPercent = 50 }));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(instructor, HttpMethod.Put,
            $"/api/assignments/{assignmentId}/extensions/{extended.UserId}", new { dueAt = DateTimeOffset.UtcNow.AddDays(1) }));

        var lateReceipt = await _api.SubmitAsync(late, assignmentId);
        var extendedReceipt = await _api.SubmitAsync(extended, assignmentId);

        Assert.True(lateReceipt["late"]!.GetValue<bool>());
        Assert.False(extendedReceipt["late"]!.GetValue<bool>());
        var ownStanding = await _api.GetJsonAsync(extended, $"/api/assignments/{assignmentId}/submissions/{extended.UserId}");
        Assert.NotNull(ownStanding["extendedDueAt"]);
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(late, HttpMethod.Get, $"/api/assignments/{assignmentId}/submissions/{extended.UserId}"));
        using var grade = await _api.Http.SendAsync(HttpMethod.Put, $"/api/assignments/{assignmentId}/submissions/{late.UserId}/grade",
            instructor.AccessToken, new { score = 90, feedback = "Good but late." });
        await grade.ExpectAsync(HttpStatusCode.OK);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await grade.Content.ReadAsStringAsync())!;
        // Three started days late at 10 % of 100 points a day: 90 - 30.
        Assert.Equal((90m, 60m, 3), (body["score"]!.GetValue<decimal>(), body["publishedScore"]!.GetValue<decimal>(), body["daysLate"]!.GetValue<int>()));
        var progress = await _api.GetJsonAsync(late, $"/api/bootcamps/{bootcampId}/progress/{late.UserId}");
        Assert.Equal((1, 60m), (progress["lateCount"]!.GetValue<int>(), progress["averageScorePercent"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task AClosedAssignmentRefusesSubmissions()
    {
        var (instructor, bootcampId) = await BootcampWithInstructorAsync();
        var student = await _api.StudentAsync();
        await _api.EnrollAsync(student, bootcampId);
        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId);
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(instructor, HttpMethod.Patch, $"/api/assignments/{assignmentId}", new { closed = true }));

        using var response = await _api.Http.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", student.AccessToken, new { text = "too late" });

        Assert.EndsWith("/assignment-closed", (await response.ProblemAsync(HttpStatusCode.Conflict)).ProblemType(), StringComparison.Ordinal);
        Assert.Equal(0, (await _api.GetJsonAsync(student, $"/api/assignments/{assignmentId}/submissions"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task WrongRolesAndWrongOwnersAreRefused()
    {
        var (instructorX, bootcampX) = await BootcampWithInstructorAsync();
        var (instructorY, bootcampY) = await BootcampWithInstructorAsync();
        var mentorX = await _api.StudentAsync("MentorX");
        await _api.AssignStaffAsync(bootcampX, mentorX.UserId, "mentor");
        var studentX = await _api.StudentAsync();
        var classmate = await _api.StudentAsync();
        var studentY = await _api.StudentAsync();
        await _api.EnrollAsync(studentX, bootcampX);
        await _api.EnrollAsync(classmate, bootcampX);
        await _api.EnrollAsync(studentY, bootcampY);
        var assignmentX = await _api.CreateAssignmentAsync(instructorX, bootcampX);
        await _api.SubmitAsync(studentX, assignmentX);
        var grade = new { score = 50, feedback = "" };
        var gradePath = $"/api/assignments/{assignmentX}/submissions/{studentX.UserId}/grade";
        var versionPath = $"/api/assignments/{assignmentX}/submissions/{studentX.UserId}/versions/1";

        // Wrong owner: a classmate and a student of another bootcamp.
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(classmate, HttpMethod.Get, versionPath));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(studentY, HttpMethod.Get, versionPath));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(studentY, HttpMethod.Get, $"/api/assignments/{assignmentX}/submissions"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(studentY, HttpMethod.Get, $"/api/bootcamps/{bootcampX}/assignments"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(studentY, HttpMethod.Post, $"/api/assignments/{assignmentX}/submissions", new { text = "sneaky" }));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(classmate, HttpMethod.Get, $"/api/bootcamps/{bootcampX}/progress/{studentX.UserId}"));
        // Wrong role: students never grade, mentors read but do not grade, an instructor of Y does nothing in X.
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(studentX, HttpMethod.Put, gradePath, grade));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(mentorX, HttpMethod.Put, gradePath, grade));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(mentorX, HttpMethod.Get, versionPath));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(mentorX, HttpMethod.Get, $"/api/assignments/{assignmentX}/submissions"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructorY, HttpMethod.Put, gradePath, grade));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructorY, HttpMethod.Post, $"/api/bootcamps/{bootcampX}/assignments", BootcampClient.AssignmentBody()));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(mentorX, HttpMethod.Post, $"/api/bootcamps/{bootcampX}/assignments", BootcampClient.AssignmentBody()));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructorY, HttpMethod.Get, versionPath));

        // Nothing was graded by any of them.
        var own = await _api.GetJsonAsync(studentX, $"/api/assignments/{assignmentX}/submissions");
        Assert.Null(own["items"]![0]!["grade"]);
    }

    [Fact]
    public async Task BadAssignmentAndGradeInputIsRefusedAndChangesNothing()
    {
        var (instructor, bootcampId) = await BootcampWithInstructorAsync();
        var student = await _api.StudentAsync();
        await _api.EnrollAsync(student, bootcampId);

        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(instructor, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments",
            new { title = "No score", dueAt = DateTimeOffset.UtcNow, maxScore = -1 }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(instructor, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments",
            new { title = new string('x', 100_000), dueAt = DateTimeOffset.UtcNow, maxScore = 10 }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(instructor, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments",
            new { title = "Bad ext", dueAt = DateTimeOffset.UtcNow, maxScore = 10, allowedExtensions = new[] { "exe; rm -rf" } }));
        Assert.Equal(0, (await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}/assignments"))["total"]!.GetValue<int>());

        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId, BootcampClient.AssignmentBody(maxScore: 10));
        var gradePath = $"/api/assignments/{assignmentId}/submissions/{student.UserId}/grade";
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(instructor, HttpMethod.Put, gradePath, new { score = 5 }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(student, HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", new { text = "" }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(student, HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions",
            new { fileIds = new[] { "no-such-file" } }));
        await _api.SubmitAsync(student, assignmentId);
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(instructor, HttpMethod.Put, gradePath, new { score = 11 }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(instructor, HttpMethod.Put, gradePath, new { score = -1 }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(instructor, HttpMethod.Put, gradePath, new { feedback = "no score" }));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(instructor, HttpMethod.Get, $"/api/assignments/{assignmentId}/submissions/{student.UserId}/versions/7"));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(instructor, HttpMethod.Get, "/api/assignments/no-such-assignment"));

        var own = await _api.GetJsonAsync(student, $"/api/assignments/{assignmentId}/submissions");
        Assert.Equal(1, own["total"]!.GetValue<int>());
        Assert.Null(own["items"]![0]!["grade"]);
    }

    private async Task<(Tokens Instructor, string BootcampId)> BootcampWithInstructorAsync()
    {
        var instructor = await _api.InstructorAsync();
        return (instructor, await _api.CreateBootcampAsync(instructor));
    }
}
