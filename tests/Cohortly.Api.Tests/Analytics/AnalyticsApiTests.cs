using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cohortly.Api.Tests.Analytics;

[Collection(EmbeddedAppCollection.Name)]
public sealed class AnalyticsApiTests(EmbeddedAppFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly BootcampClient _api = new(fixture);

    /// <summary>
    /// A scripted cohort: Ana hands in the overdue assignment late and is re-graded; Cleo hands it in after its due date but
    /// inside her extension; Bo never hands it in but chats; Dee hands it in late and then withdraws.
    /// </summary>
    private sealed record Cohort(Tokens Instructor, string BootcampId, string Overdue, string Upcoming, Tokens Ana, Tokens Bo, Tokens Cleo, Tokens Dee);

    private async Task<Cohort> ScriptedCohortAsync()
    {
        var instructor = await _api.InstructorAsync("Ines Instructor");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var (ana, bo, cleo, dee) = (await _api.StudentAsync("Ana"), await _api.StudentAsync("Bo"), await _api.StudentAsync("Cleo"), await _api.StudentAsync("Dee"));
        foreach (var student in new[] { ana, bo, cleo, dee })
        {
            await _api.EnrollAsync(student, bootcampId);
        }
        var overdue = await _api.CreateAssignmentAsync(instructor, bootcampId, BootcampClient.AssignmentBody(dueAt: DateTimeOffset.UtcNow.AddDays(-2)));
        var upcoming = await _api.CreateAssignmentAsync(instructor, bootcampId, BootcampClient.AssignmentBody(dueAt: DateTimeOffset.UtcNow.AddDays(3)));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(instructor, HttpMethod.Put,
            $"/api/assignments/{overdue}/extensions/{cleo.UserId}", new { dueAt = DateTimeOffset.UtcNow.AddDays(1) }));
        Assert.True((await _api.SubmitAsync(ana, overdue))["late"]!.GetValue<bool>());
        Assert.False((await _api.SubmitAsync(cleo, overdue))["late"]!.GetValue<bool>());
        await _api.SubmitAsync(dee, overdue);
        await _api.SubmitAsync(ana, upcoming);
        await GradeAsync(instructor, overdue, ana, 40);
        await GradeAsync(instructor, overdue, ana, 60);
        await GradeAsync(instructor, overdue, cleo, 90);
        await GradeAsync(instructor, upcoming, ana, 80);
        Assert.Equal(HttpStatusCode.Created, await _api.StatusAsync(bo, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/chat", new { text = "Stuck on the first one" }));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(dee, HttpMethod.Delete, $"/api/bootcamps/{bootcampId}/enrollments/{dee.UserId}"));
        return new Cohort(instructor, bootcampId, overdue, upcoming, ana, bo, cleo, dee);
    }

    private async Task GradeAsync(Tokens instructor, string assignmentId, Tokens student, decimal score) =>
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(instructor, HttpMethod.Put,
            $"/api/assignments/{assignmentId}/submissions/{student.UserId}/grade", new { score, feedback = "Noted." }));

    private Task<JsonNode> DashboardWhenAsync(Tokens caller, string bootcampId, Func<JsonNode, bool> settled, string what) =>
        Eventually.Until(() => _api.GetJsonAsync(caller, $"/api/analytics/bootcamps/{bootcampId}"), settled, Deadline, what);

    private static int Int(JsonNode node, string path) => Node(node, path).GetValue<int>();

    private static JsonNode Node(JsonNode node, string path) =>
        path.Split('.').Aggregate(node, (current, part) => current[part]!);

    [Fact]
    public async Task EveryFigureOfAScriptedCohortFollowsItsDefinition()
    {
        var cohort = await ScriptedCohortAsync();

        // Dee withdrew: three enrolled. Bo's chat line is the last event, and the withdrawal comes after it.
        var dashboard = await DashboardWhenAsync(cohort.Instructor, cohort.BootcampId,
            d => Int(d, "enrolled") == 3 && Int(d, "active") == 3 && d["averageScorePercent"]?.GetValue<decimal>() == 76.67m,
            "the dashboard to reflect the scripted cohort");

        // Late after an extension is on time (Cleo); a withdrawn student's work is not counted (Dee); Bo is missing.
        Assert.Equal((2, 1, 1), (Int(dashboard, "submissions.onTime"), Int(dashboard, "submissions.late"), Int(dashboard, "submissions.missing")));
        var byAssignment = dashboard["submissionsByAssignment"]!.AsArray().ToDictionary(a => a!["assignmentId"]!.ToString());
        Assert.Equal((1, 1, 1), (Int(byAssignment[cohort.Overdue]!, "onTime"), Int(byAssignment[cohort.Overdue]!, "late"), Int(byAssignment[cohort.Overdue]!, "missing")));
        // Not yet due: Bo and Cleo are not missing it yet.
        Assert.Equal((1, 0, 0), (Int(byAssignment[cohort.Upcoming]!, "onTime"), Int(byAssignment[cohort.Upcoming]!, "late"), Int(byAssignment[cohort.Upcoming]!, "missing")));
        // The re-grade replaced the 40: (60 + 90 + 80) / 3.
        Assert.Equal(76.67m, dashboard["averageScorePercent"]!.GetValue<decimal>());
        var histogram = dashboard["gradeHistogram"]!.AsArray();
        Assert.Equal(10, histogram.Count);
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 0, 1, 1], histogram.Select(b => b!["count"]!.GetValue<int>()));
        Assert.Equal((90, 100), (histogram[9]!["fromPercent"]!.GetValue<int>(), histogram[9]!["toPercent"]!.GetValue<int>()));
        // Only Ana handed in both assignments.
        Assert.Equal(0.3333m, dashboard["completionRate"]!.GetValue<decimal>());
        Assert.Equal("UTC", dashboard["timeZone"]!.ToString());
        // History keeps Dee: four enrolled today, four students active today (Dee handed in before leaving).
        Assert.Equal(4, dashboard["enrollmentsByDay"]!.AsArray().Sum(d => d!["count"]!.GetValue<int>()));
        Assert.Equal(4, dashboard["activeStudentsByDay"]!.AsArray().Sum(d => d!["count"]!.GetValue<int>()));

        var atRisk = dashboard["atRisk"]!.AsArray();
        Assert.Equal([(cohort.Bo.UserId, "Bo", 25), (cohort.Ana.UserId, "Ana", 10)],
            atRisk.Select(s => (s!["studentId"]!.ToString(), s["displayName"]!.ToString(), s["score"]!.GetValue<int>())));
        Assert.Equal(["1 missed deadline"], atRisk[0]!["reasons"]!.AsArray().Select(r => r!.ToString()));
        Assert.Equal(["1 late submission"], atRisk[1]!["reasons"]!.AsArray().Select(r => r!.ToString()));

        // The instructor's home lists the same students at risk, with the bootcamp they are in.
        var home = await _api.GetJsonAsync(cohort.Instructor, "/api/me/home");
        var card = home["cards"]!.AsArray().Single(c => c!["kind"]!.ToString() == "analytics.at-risk")!["data"]!;
        Assert.Equal(2, card["total"]!.GetValue<int>());
        Assert.Equal(["Bo", "Ana"], card["students"]!.AsArray().Select(s => s!["displayName"]!.ToString()));
        Assert.Equal(cohort.BootcampId, card["students"]![0]!["bootcampId"]!.ToString());

        // The rebuild from the source grains gives the same figures.
        using (var rebuild = await _api.Http.SendAsync(HttpMethod.Post, $"/api/analytics/bootcamps/{cohort.BootcampId}/rebuild", fixture.Admin.AccessToken))
        {
            await rebuild.ExpectAsync(HttpStatusCode.Accepted);
        }
        var rebuilt = await _api.GetJsonAsync(fixture.Admin, $"/api/analytics/bootcamps/{cohort.BootcampId}");
        Assert.Equal(WithoutTime(dashboard), WithoutTime(rebuilt));
    }

    private static string WithoutTime(JsonNode dashboard)
    {
        var copy = dashboard.DeepClone().AsObject();
        copy.Remove("computedAt");
        return copy.ToJsonString();
    }

    [Fact]
    public async Task OnlyTheBootcampsStaffAndAdminsSeeItsDashboardAndOnlyAdminsSeeThePlatformOrRebuild()
    {
        var instructor = await _api.InstructorAsync("Owner");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var student = await _api.StudentAsync("Enrolled Student");
        await _api.EnrollAsync(student, bootcampId);
        var otherInstructor = await _api.InstructorAsync("Someone Else");
        var outsider = await _api.StudentAsync("Outsider");
        var mentor = await _api.UserWithRolesAsync("Mentor", "mentor");
        await _api.AssignStaffAsync(bootcampId, mentor.UserId, "mentor");
        var path = $"/api/analytics/bootcamps/{bootcampId}";

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(otherInstructor, HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(outsider, HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(instructor, HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(mentor, HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, "/api/analytics/bootcamps/no-such-bootcamp"));

        // Revenue is the admin's: an instructor cannot read the platform view nor rebuild.
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructor, HttpMethod.Get, "/api/analytics/platform"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Get, "/api/analytics/platform"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructor, HttpMethod.Post, $"{path}/rebuild"));
        Assert.DoesNotContain("revenue", (await _api.GetJsonAsync(instructor, path)).ToJsonString(), StringComparison.OrdinalIgnoreCase);

        // The time zone: staff may set it, a student may not, and it must be one the machine knows.
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Put, $"{path}/settings", new { timeZone = "Europe/Berlin" }));
        using var bad = await _api.Http.SendAsync(HttpMethod.Put, $"{path}/settings", instructor.AccessToken, new { timeZone = "Mars/Olympus" });
        Assert.NotEmpty((await bad.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("timeZone"));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(instructor, HttpMethod.Put, $"{path}/settings", new { timeZone = "Europe/Berlin" }));
        Assert.Equal("Europe/Berlin", (await _api.GetJsonAsync(instructor, path))["timeZone"]!.ToString());
    }

    [Fact]
    public async Task StaffOfBothCohortsSeeThePreviousCohortsHeadlineFiguresBesideThisOnes()
    {
        var instructor = await _api.InstructorAsync("Two Cohorts");
        var springTitle = "Spring " + Guid.NewGuid().ToString("N")[..6];
        var spring = await _api.CreateBootcampAsync(instructor, ApiClient.BootcampBody(title: springTitle));
        var autumn = await _api.CreateBootcampAsync(instructor);
        var work = await _api.CreateAssignmentAsync(instructor, spring);
        var (ana, bo) = (await _api.StudentAsync("Spring Ana"), await _api.StudentAsync("Spring Bo"));
        await _api.EnrollAsync(ana, spring);
        await _api.EnrollAsync(bo, spring);
        await _api.SubmitAsync(ana, work);
        await GradeAsync(instructor, work, ana, 80);
        var autumnStudent = await _api.StudentAsync("Autumn Student");
        await _api.EnrollAsync(autumnStudent, autumn);
        var stranger = await _api.InstructorAsync("Other Teacher");
        var foreign = await _api.CreateBootcampAsync(stranger);
        var settings = $"/api/analytics/bootcamps/{autumn}/settings";
        var path = $"/api/analytics/bootcamps/{autumn}";

        // Without one named there is no comparison.
        Assert.Null((await _api.GetJsonAsync(instructor, path))["previousCohort"]);
        // Not itself, not a bootcamp that does not exist: said at the field, and nothing changes.
        foreach (var wrong in new[] { autumn, "no-such-bootcamp" })
        {
            using var bad = await _api.Http.SendAsync(HttpMethod.Put, settings, instructor.AccessToken, new { timeZone = "UTC", previousBootcampId = wrong });
            Assert.NotEmpty((await bad.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("previousBootcampId"));
        }
        // A bootcamp the instructor does not teach, or a student of this one: refused.
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructor, HttpMethod.Put, settings, new { timeZone = "UTC", previousBootcampId = foreign }));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(autumnStudent, HttpMethod.Put, settings, new { timeZone = "UTC", previousBootcampId = spring }));
        // A bad time zone with a good previous cohort saves neither.
        using (var badZone = await _api.Http.SendAsync(HttpMethod.Put, settings, instructor.AccessToken, new { timeZone = "Mars/Olympus", previousBootcampId = spring }))
        {
            Assert.NotEmpty((await badZone.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("timeZone"));
        }
        Assert.Null((await _api.GetJsonAsync(instructor, path))["previousCohort"]);

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(instructor, HttpMethod.Put, settings, new { timeZone = "UTC", previousBootcampId = spring }));
        var dashboard = await DashboardWhenAsync(instructor, autumn,
            d => d["previousCohort"]?["averageScorePercent"]?.GetValue<decimal>() == 80m, "spring's graded work in the comparison");
        var previous = dashboard["previousCohort"]!;
        Assert.Equal((spring, springTitle, 2, 0.5m), (previous["bootcampId"]!.ToString(), previous["title"]!.ToString(),
            Int(previous, "enrolled"), previous["completionRate"]!.GetValue<decimal>()));
        Assert.Equal((1, 0, 0), (Int(previous, "submissions.onTime"), Int(previous, "submissions.late"), Int(previous, "submissions.missing")));
        // This cohort's own figures are unchanged by the comparison.
        Assert.Equal(1, Int(dashboard, "enrolled"));

        // An admin may compare any two; saving without a previous cohort clears it.
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(fixture.Admin, HttpMethod.Put, settings, new { timeZone = "UTC", previousBootcampId = foreign }));
        Assert.Equal(foreign, (await _api.GetJsonAsync(instructor, path))["previousCohort"]!["bootcampId"]!.ToString());
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(instructor, HttpMethod.Put, settings, new { timeZone = "UTC" }));
        Assert.Null((await _api.GetJsonAsync(instructor, path))["previousCohort"]);
    }

    [Fact]
    public async Task ThePlatformViewCountsTheMonthsEnrollmentsAndEachBootcampsCompletion()
    {
        var instructor = await _api.InstructorAsync("Platform Instructor");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId);
        var (first, second) = (await _api.StudentAsync("First"), await _api.StudentAsync("Second"));
        await _api.EnrollAsync(first, bootcampId);
        await _api.EnrollAsync(second, bootcampId);
        await _api.SubmitAsync(first, assignmentId);
        var month = DateTimeOffset.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var platform = await Eventually.Until(() => _api.GetJsonAsync(fixture.Admin, "/api/analytics/platform"),
            p => p["completionRateByBootcamp"]!.AsArray().Any(c => c!["bootcampId"]!.ToString() == bootcampId && c["rate"]!.GetValue<decimal>() == 0.5m),
            Deadline, "the bootcamp's completion rate of one in two in the platform view");

        Assert.True(platform["users"]!.GetValue<int>() >= 3);
        Assert.True(platform["bootcamps"]!.GetValue<int>() >= 1);
        // Other tests share this process: at least this bootcamp's two enrollments this month, and both students active.
        Assert.True(platform["enrollmentsByMonth"]!.AsArray().Single(m => m!["month"]!.ToString() == month)!["count"]!.GetValue<int>() >= 2);
        Assert.True(platform["activeUsers30d"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task AWatchingInstructorHearsTheFigureChangeWhenAStudentSubmits()
    {
        var instructor = await _api.InstructorAsync("Watching Instructor");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId);
        var student = await _api.StudentAsync("Submitting Student");
        await _api.EnrollAsync(student, bootcampId);
        await using var live = await LiveClient.ConnectAsync(fixture.Http.BaseAddress!, instructor.AccessToken);
        await live.Connection.InvokeAsync("WatchAnalytics", bootcampId);
        await using var nosy = await LiveClient.ConnectAsync(fixture.Http.BaseAddress!, student.AccessToken);
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => nosy.Connection.InvokeAsync("WatchAnalytics", bootcampId));
        Assert.Contains("staff", refused.Message, StringComparison.OrdinalIgnoreCase);

        await _api.SubmitAsync(student, assignmentId);

        var pushed = await live.WaitForAsync("analytics",
            m => m["metric"]!.ToString() == "submissions.onTime" && m["value"]!.GetValue<decimal>() == 1,
            "an analytics push of one on-time submission", seconds: 20);
        Assert.Equal(bootcampId, pushed["bootcampId"]!.ToString());
        Assert.NotNull(pushed["at"]);
        Assert.Empty(nosy.Received("analytics"));
    }
}
