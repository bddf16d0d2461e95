using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cohortly.Api.Tests.LiveClasses;

[Collection(EmbeddedAppCollection.Name)]
public sealed class LiveClassesApiTests(EmbeddedAppFixture fixture)
{
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task AWeeklyClassAtNineInBerlinStaysAtNineLocalAcrossTheSpringDstChange()
    {
        var story = await StoryAsync();
        // 2027-03-28 is the spring-forward Sunday in Europe/Berlin: the Mondays before are UTC+1, the ones after UTC+2.
        var first = new DateTimeOffset(2027, 3, 15, 8, 0, 0, TimeSpan.Zero);

        var ids = await ScheduleAsync(story, new { title = "Algorithms live", startsAt = first, durationMinutes = 90, timeZone = "Europe/Berlin", weeklyCount = 4 });

        Assert.Equal(4, ids.Count);
        var listed = (await _api.GetJsonAsync(story.Student, $"/api/bootcamps/{story.BootcampId}/sessions")).AsArray();
        Assert.Equal(ids, listed.Select(s => s!["sessionId"]!.ToString()));
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var starts = listed.Select(s => s!["startsAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.All(starts, start => Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, berlin).DateTime)));
        Assert.Equal([8, 8, 7, 7], starts.Select(s => s.UtcDateTime.Hour));
        var one = await _api.GetJsonAsync(story.Student, $"/api/sessions/{ids[0]}");
        Assert.Equal(("Algorithms live", "scheduled", 90), (one["title"]!.ToString(), one["status"]!.ToString(), one["durationMinutes"]!.GetValue<int>()));
        Assert.EndsWith($"/sessions/{ids[0]}", one["joinUrl"]!.ToString(), StringComparison.Ordinal);

        // The student's home names the next class first.
        var cards = (await _api.GetJsonAsync(story.Student, "/api/me/home"))["cards"]!.AsArray();
        var next = cards.Single(c => c!["kind"]!.ToString() == "live-classes.next")!["data"]!["upcoming"]!.AsArray();
        Assert.Equal(ids[0], next[0]!["sessionId"]!.ToString());
    }

    [Fact]
    public async Task OnlyTheBootcampsInstructorsScheduleAndOnlyItsMembersSeeTheClasses()
    {
        var story = await StoryAsync();
        var otherInstructor = await _api.InstructorAsync("Other Instructor");
        var outsider = await _api.StudentAsync("Outsider");
        var body = new { title = "Office hours", startsAt = DateTimeOffset.UtcNow.AddDays(2), durationMinutes = 60, timeZone = "UTC" };

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(otherInstructor, HttpMethod.Post, $"/api/bootcamps/{story.BootcampId}/sessions", body));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Student, HttpMethod.Post, $"/api/bootcamps/{story.BootcampId}/sessions", body));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(story.Instructor, HttpMethod.Post, "/api/bootcamps/nope/sessions", body));
        var id = Assert.Single(await ScheduleAsync(story, body));

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(outsider, HttpMethod.Get, $"/api/bootcamps/{story.BootcampId}/sessions"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(outsider, HttpMethod.Get, $"/api/sessions/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(story.Student, HttpMethod.Get, "/api/sessions/no-such-session"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Student, HttpMethod.Patch, $"/api/sessions/{id}", new { title = "Mine now" }));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(otherInstructor, HttpMethod.Delete, $"/api/sessions/{id}"));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, $"/api/sessions/{id}"));
    }

    [Fact]
    public async Task BadScheduleInputIsAnsweredFieldByField()
    {
        var story = await StoryAsync();
        using var response = await _api.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{story.BootcampId}/sessions", story.Instructor.AccessToken,
            new { title = "", startsAt = DateTimeOffset.UtcNow, durationMinutes = 0, timeZone = "Mars/Olympus", weeklyCount = 99 });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("title"));
        Assert.NotEmpty(problem.FieldErrors("weeklyCount"));
        using var zone = await _api.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{story.BootcampId}/sessions", story.Instructor.AccessToken,
            new { title = "Ok", startsAt = DateTimeOffset.UtcNow, durationMinutes = 1, timeZone = "Mars/Olympus" });
        var zoneProblem = await zone.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(zoneProblem.FieldErrors("timeZone"));
        Assert.NotEmpty(zoneProblem.FieldErrors("durationMinutes"));
    }

    [Fact]
    public async Task ARepeatedScheduleUnderOneIdempotencyKeyMakesTheSeriesOnce()
    {
        var story = await StoryAsync();
        var body = new { title = "Weekly review", startsAt = DateTimeOffset.UtcNow.AddDays(1), durationMinutes = 45, timeZone = "America/New_York", weeklyCount = 3 };
        var key = Guid.NewGuid().ToString("N");

        var first = await ScheduleAsync(story, body, key);
        var again = await ScheduleAsync(story, body, key);

        Assert.Equal(first, again);
        Assert.Equal(3, (await _api.GetJsonAsync(story.Student, $"/api/bootcamps/{story.BootcampId}/sessions")).AsArray().Count);
    }

    [Fact]
    public async Task MembersAreToldOfAScheduleAMoveAndACancellationAndTheSequenceRises()
    {
        var story = await StoryAsync();
        var title = $"Databases {Guid.NewGuid():N}"[..16];
        var id = Assert.Single(await ScheduleAsync(story, new { title, startsAt = DateTimeOffset.UtcNow.AddDays(3), durationMinutes = 60, timeZone = "Europe/Berlin" }));
        await InboxKindAsync(story.Student, "session.scheduled", id);

        using var moved = await _api.Http.SendAsync(HttpMethod.Patch, $"/api/sessions/{id}", story.Instructor.AccessToken,
            new { startsAt = DateTimeOffset.UtcNow.AddDays(4) });
        await moved.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, JsonNode.Parse(await moved.Content.ReadAsStringAsync())!["sequence"]!.GetValue<int>());
        var changed = await InboxKindAsync(story.Student, "session.changed", id);
        Assert.Contains("was", changed["body"]!.ToString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(story.Instructor, HttpMethod.Delete, $"/api/sessions/{id}"));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(story.Instructor, HttpMethod.Delete, $"/api/sessions/{id}"));
        await InboxKindAsync(story.Student, "session.cancelled", id);
        var cancelled = await _api.GetJsonAsync(story.Student, $"/api/sessions/{id}");
        Assert.Equal(("cancelled", 2), (cancelled["status"]!.ToString(), cancelled["sequence"]!.GetValue<int>()));
        Assert.Equal("cancelled", (await _api.GetJsonAsync(story.Student, $"/api/bootcamps/{story.BootcampId}/sessions")).AsArray().Single()!["status"]!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, await _api.StatusAsync(story.Instructor, HttpMethod.Patch, $"/api/sessions/{id}", new { title = "Back on" }));

        // The move and the cancellation are emailed too, to the student and to the instructor; the schedule itself is not.
        var mails = await MailsAboutAsync(title, list => list.Count(m => m.StartsWith("Changed:", StringComparison.Ordinal)) == 2
            && list.Count(m => m.StartsWith("Cancelled:", StringComparison.Ordinal)) == 2);
        Assert.Equal(4, mails.Count);
    }

    [Fact]
    public async Task AStudentChecksInWithTheCodeShowingAndWrongOrForeignCodesAndOutsidersAreRefused()
    {
        var story = await StoryAsync();
        var absentee = await _api.StudentAsync("Absent Student");
        await _api.EnrollAsync(absentee, story.BootcampId);
        var outsider = await _api.StudentAsync("Outsider");
        var now = new { title = "Live now", startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), durationMinutes = 60, timeZone = "UTC" };
        var id = Assert.Single(await ScheduleAsync(story, now));
        var other = Assert.Single(await ScheduleAsync(story, now));

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Student, HttpMethod.Get, $"/api/sessions/{id}/checkin-code"));
        var code = await _api.GetJsonAsync(story.Instructor, $"/api/sessions/{id}/checkin-code");
        var typed = code["code"]!.ToString();
        Assert.Matches("^[A-HJKMNP-Z2-9]{8}$", typed);
        Assert.InRange(code["expiresAt"]!.GetValue<DateTimeOffset>(), DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(21));
        Assert.Contains("<svg", code["qrSvg"]!.ToString(), StringComparison.Ordinal);
        Assert.EndsWith($"/sessions/{id}?code={typed}", code["checkInUrl"]!.ToString(), StringComparison.Ordinal);
        var foreign = (await _api.GetJsonAsync(story.Instructor, $"/api/sessions/{other}/checkin-code"))["code"]!.ToString();

        using var wrong = await _api.Http.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/checkins", story.Student.AccessToken, new { code = "ABCDEFGH" });
        Assert.NotEmpty((await wrong.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("code"));
        using var replayed = await _api.Http.SendAsync(HttpMethod.Post, $"/api/sessions/{id}/checkins", story.Student.AccessToken, new { code = foreign });
        Assert.NotEmpty((await replayed.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("code"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(outsider, HttpMethod.Post, $"/api/sessions/{id}/checkins", new { code = typed }));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Instructor, HttpMethod.Post, $"/api/sessions/{id}/checkins", new { code = typed }));

        // Typed as people type: lower case, with a space.
        var spaced = typed[..4].ToLowerInvariant() + " " + typed[4..];
        Assert.Equal(HttpStatusCode.Created, await _api.StatusAsync(story.Student, HttpMethod.Post, $"/api/sessions/{id}/checkins", new { code = spaced }));

        var attendance = (await _api.GetJsonAsync(story.Instructor, $"/api/sessions/{id}/attendance")).AsArray();
        var present = attendance.Single(a => a!["userId"]!.ToString() == story.Student.UserId)!;
        Assert.Equal("present", present["status"]!.ToString());
        Assert.Equal(["checkin"], present["sources"]!.AsArray().Select(s => s!.ToString()));
        var absent = attendance.Single(a => a!["userId"]!.ToString() == absentee.UserId)!;
        Assert.Equal(("absent", "Absent Student", 0), (absent["status"]!.ToString(), absent["displayName"]!.ToString(), absent["minutesAttended"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Student, HttpMethod.Get, $"/api/sessions/{id}/attendance"));
    }

    [Fact]
    public async Task CheckInIsClosedForAClassThatIsNotOnNow()
    {
        var story = await StoryAsync();
        var later = Assert.Single(await ScheduleAsync(story, new { title = "Tomorrow", startsAt = DateTimeOffset.UtcNow.AddDays(1), durationMinutes = 60, timeZone = "UTC" }));

        using var code = await _api.Http.SendAsync(HttpMethod.Get, $"/api/sessions/{later}/checkin-code", story.Instructor.AccessToken);
        await code.ProblemAsync(HttpStatusCode.BadRequest);
        using var checkIn = await _api.Http.SendAsync(HttpMethod.Post, $"/api/sessions/{later}/checkins", story.Student.AccessToken, new { code = "ABCDEFGH" });
        Assert.NotEmpty((await checkIn.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("code"));
    }

    [Fact]
    public async Task StaffCorrectAnEntryWithAReasonThatIsKeptWithWhoMadeIt()
    {
        var story = await StoryAsync();
        var id = Assert.Single(await ScheduleAsync(story, new { title = "Corrected", startsAt = DateTimeOffset.UtcNow.AddMinutes(-5), durationMinutes = 30, timeZone = "UTC" }));
        var path = $"/api/sessions/{id}/attendance/{story.Student.UserId}";

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Student, HttpMethod.Put, path, new { status = "present", reason = "I was there" }));
        using var noReason = await _api.Http.SendAsync(HttpMethod.Put, path, story.Instructor.AccessToken, new { status = "present", reason = " " });
        Assert.NotEmpty((await noReason.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("reason"));
        using var badStatus = await _api.Http.SendAsync(HttpMethod.Put, path, story.Instructor.AccessToken, new { status = "sleeping", reason = "x" });
        Assert.NotEmpty((await badStatus.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("status"));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(story.Instructor, HttpMethod.Put,
            $"/api/sessions/{id}/attendance/{fixture.Admin.UserId}", new { status = "present", reason = "not enrolled" }));

        using var corrected = await _api.Http.SendAsync(HttpMethod.Put, path, story.Instructor.AccessToken, new { status = "late", reason = "Joined by phone" });
        await corrected.ExpectAsync(HttpStatusCode.OK);
        var entry = (await _api.GetJsonAsync(story.Instructor, $"/api/sessions/{id}/attendance")).AsArray().Single(a => a!["userId"]!.ToString() == story.Student.UserId)!;
        Assert.Equal(("late", "Joined by phone", story.Instructor.UserId), (entry["status"]!.ToString(), entry["override"]!["reason"]!.ToString(), entry["override"]!["byUserId"]!.ToString()));
        Assert.Contains("override", entry["sources"]!.AsArray().Select(s => s!.ToString()));
    }

    [Fact]
    public async Task TheInstructorSeesAStudentEnterAndLeaveTheRoomLiveAndTheVisitCountsInAttendance()
    {
        var story = await StoryAsync();
        var id = Assert.Single(await ScheduleAsync(story, new { title = "Room", startsAt = DateTimeOffset.UtcNow.AddMinutes(-1), durationMinutes = 60, timeZone = "UTC" }));
        var outsider = await _api.StudentAsync("Outsider");
        await using var teacher = await LiveClient.ConnectAsync(_api.Http.BaseAddress!, story.Instructor.AccessToken);
        var pushes = new List<JsonNode>();
        teacher.Connection.On<JsonNode>("sessionPresence", payload => { lock (pushes) { pushes.Add(payload); } });
        await teacher.Connection.InvokeAsync<JsonNode>("JoinSessionRoom", id);

        await using (var student = await LiveClient.ConnectAsync(_api.Http.BaseAddress!, story.Student.AccessToken))
        {
            var inRoom = (await student.Connection.InvokeAsync<JsonNode>("JoinSessionRoom", id)).AsArray();
            Assert.Equal(new[] { story.Instructor.UserId, story.Student.UserId }.Order(), inRoom.Select(p => p!["userId"]!.ToString()).Order());
            await Eventually.Until(() => Task.FromResult(Snapshot(pushes)), list => list.Any(p => Is(p, story.Student.UserId, true)), TimeSpan.FromSeconds(15), "the student's arrival pushed");
            var presence = (await _api.GetJsonAsync(story.Instructor, $"/api/sessions/{id}/presence")).AsArray();
            Assert.Contains(story.Student.UserId, presence.Select(p => p!["userId"]!.ToString()));
        }
        // Closing the connection is leaving.
        await Eventually.Until(() => Task.FromResult(Snapshot(pushes)), list => list.Any(p => Is(p, story.Student.UserId, false)), TimeSpan.FromSeconds(15), "the student's leaving pushed");
        Assert.DoesNotContain(story.Student.UserId, (await _api.GetJsonAsync(story.Instructor, $"/api/sessions/{id}/presence")).AsArray().Select(p => p!["userId"]!.ToString()));
        var entry = (await _api.GetJsonAsync(story.Instructor, $"/api/sessions/{id}/attendance")).AsArray().Single(a => a!["userId"]!.ToString() == story.Student.UserId)!;
        // A visit of seconds is in the room's record but far from half the class.
        Assert.Equal(("absent", 0), (entry["status"]!.ToString(), entry["minutesAttended"]!.GetValue<int>()));
        Assert.Equal(["room"], entry["sources"]!.AsArray().Select(s => s!.ToString()));

        await using var stranger = await LiveClient.ConnectAsync(_api.Http.BaseAddress!, outsider.AccessToken);
        await Assert.ThrowsAsync<HubException>(() => stranger.Connection.InvokeAsync<JsonNode>("JoinSessionRoom", id));
    }

    [Fact]
    public async Task MembersAreRemindedFifteenMinutesBeforeOnceAndNotForACancelledOrMovedClass()
    {
        var story = await StoryAsync();
        var soon = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(5);
        var title = $"Soon {Guid.NewGuid():N}"[..12];
        var body = new { title, startsAt = soon, durationMinutes = 30, timeZone = "UTC" };
        var reminded = Assert.Single(await ScheduleAsync(story, body));
        var cancelled = Assert.Single(await ScheduleAsync(story, body));
        var moved = Assert.Single(await ScheduleAsync(story, body));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(story.Instructor, HttpMethod.Delete, $"/api/sessions/{cancelled}"));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(story.Instructor, HttpMethod.Patch, $"/api/sessions/{moved}", new { startsAt = soon.AddHours(2) }));

        await InboxKindAsync(story.Student, "session.starting", reminded, seconds: 60);
        // The other two were due at the same moment: give them as long again before looking.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var starting = (await _api.GetJsonAsync(story.Student, "/api/notifications?pageSize=100"))["items"]!.AsArray()
            .Where(n => n!["kind"]!.ToString() == "session.starting").Select(n => n!["data"]!["sessionId"]!.ToString()).ToList();
        Assert.Equal([reminded], starting);
        // By email too: one to the student, one to the instructor, for the one class that still starts then.
        var mails = await MailsAboutAsync(title, list => list.Count(m => m.StartsWith("Starts in 15 minutes:", StringComparison.Ordinal)) >= 2);
        Assert.Equal(2, mails.Count(m => m.StartsWith("Starts in 15 minutes:", StringComparison.Ordinal)));
    }

    /// <summary>Subjects of the dev mailbox's messages that name <paramref name="title"/>, once <paramref name="done"/> holds.</summary>
    private async Task<List<string>> MailsAboutAsync(string title, Func<List<string>, bool> done) =>
        await Eventually.Until(async () => (await _api.GetJsonAsync(fixture.Admin, "/dev/mailbox?limit=500"))["items"]!.AsArray()
                .Select(m => m!["subject"]!.ToString()).Where(subject => subject.Contains(title, StringComparison.Ordinal)).ToList(),
            done, TimeSpan.FromSeconds(30), $"the emails about {title}");

    private static List<JsonNode> Snapshot(List<JsonNode> pushes)
    {
        lock (pushes)
        {
            return [.. pushes];
        }
    }

    private static bool Is(JsonNode push, string userId, bool present) =>
        push["userId"]!.ToString() == userId && push["present"]!.GetValue<bool>() == present;

    private async Task<JsonNode> InboxKindAsync(Tokens user, string kind, string sessionId, int seconds = 30)
    {
        var items = await Eventually.Until(async () => (await _api.GetJsonAsync(user, "/api/notifications?pageSize=100"))["items"]!.AsArray(),
            list => list.Any(n => n!["kind"]!.ToString() == kind && n["data"]!["sessionId"]!.ToString() == sessionId),
            TimeSpan.FromSeconds(seconds), $"a {kind} notification");
        return items.First(n => n!["kind"]!.ToString() == kind && n["data"]!["sessionId"]!.ToString() == sessionId)!;
    }

    private async Task<List<string>> ScheduleAsync(Story story, object body, string? idempotencyKey = null)
    {
        using var request = ApiClient.Authorized(HttpMethod.Post, $"/api/bootcamps/{story.BootcampId}/sessions", story.Instructor.AccessToken, body);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        using var response = await _api.Http.SendAsync(request);
        await response.ExpectAsync(HttpStatusCode.Created);
        return [.. JsonNode.Parse(await response.Content.ReadAsStringAsync())!["sessionIds"]!.AsArray().Select(s => s!.ToString())];
    }

    private async Task<Story> StoryAsync()
    {
        var instructor = await _api.InstructorAsync("Live Instructor");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var student = await _api.StudentAsync("Live Student");
        await _api.EnrollAsync(student, bootcampId);
        return new Story(instructor, bootcampId, student);
    }

    private sealed record Story(Tokens Instructor, string BootcampId, Tokens Student);
}
