using System.Net;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cohortly.Api.Tests.Notifications;

/// <summary>Real SignalR clients against the running app: each kind reaches exactly the right people.</summary>
[Collection(EmbeddedAppCollection.Name)]
public sealed class LiveNotificationTests(EmbeddedAppFixture fixture)
{
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task EnrollmentAssignmentSubmissionAndGradeEachReachTheirAudienceOnly()
    {
        var instructor = await _api.InstructorAsync("Ines");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var student = await _api.StudentAsync("Sol");
        var classmate = await _api.StudentAsync("Cal");
        var outsider = await _api.StudentAsync("Otto");
        await _api.EnrollAsync(classmate, bootcampId);
        await using var teacherLive = await Connect(instructor);
        await using var studentLive = await Connect(student);
        await using var classmateLive = await Connect(classmate);
        await using var outsiderLive = await Connect(outsider);

        await _api.EnrollAsync(student, bootcampId);
        var studentEnrolled = await studentLive.WaitForNotificationAsync("enrollment.confirmed", bootcampId);

        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId);
        await studentLive.WaitForNotificationAsync("assignment.created", bootcampId);
        await classmateLive.WaitForNotificationAsync("assignment.created", bootcampId);

        await _api.SubmitAsync(student, assignmentId);
        var submitted = await teacherLive.WaitForNotificationAsync("submission.created", bootcampId);
        Assert.Equal(student.UserId, submitted["data"]!["studentId"]!.ToString());

        using (var grade = await _api.Http.SendAsync(HttpMethod.Put, $"/api/assignments/{assignmentId}/submissions/{student.UserId}/grade", instructor.AccessToken, new { score = 70, feedback = "ok" }))
        {
            await grade.ExpectAsync(HttpStatusCode.OK);
        }
        var graded = await studentLive.WaitForNotificationAsync("grade.published", bootcampId);
        Assert.Equal("70", graded["data"]!["publishedScore"]!.ToString());

        // A marker everyone in the bootcamp gets; once it has arrived, what was not delivered before it is not coming.
        await _api.AnnounceAsync(instructor, bootcampId, "Marker");
        await classmateLive.WaitForNotificationAsync("announcement", bootcampId);
        await teacherLive.WaitForNotificationAsync("announcement", bootcampId);
        Assert.DoesNotContain("grade.published", classmateLive.NotificationKinds());
        Assert.DoesNotContain("submission.created", classmateLive.NotificationKinds());
        Assert.DoesNotContain("submission.created", studentLive.NotificationKinds());
        Assert.DoesNotContain("assignment.created", teacherLive.NotificationKinds());
        // The classmate may hear of their own enrollment (it happened just before they connected), never of Sol's.
        Assert.DoesNotContain(classmateLive.Received("notification"), n => n["notificationId"]!.ToString() == studentEnrolled["notificationId"]!.ToString());
        Assert.DoesNotContain(outsiderLive.Received("notification"), n => n["bootcampId"]?.ToString() == bootcampId);
    }

    [Fact]
    public async Task AnnouncementsGoToEveryoneOrToOneBootcampAndOnlyTheRightPeopleMayMakeThem()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var otherBootcamp = await _api.CreateBootcampAsync(await _api.InstructorAsync());
        var member = await _api.StudentAsync();
        var stranger = await _api.StudentAsync();
        await _api.EnrollAsync(member, bootcampId);
        await using var memberLive = await Connect(member);
        await using var strangerLive = await Connect(stranger);

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(member, HttpMethod.Post, "/api/announcements", new { title = "Hi", body = "from a student", bootcampId }));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructor, HttpMethod.Post, "/api/announcements", new { title = "Hi", body = "to everyone" }));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructor, HttpMethod.Post, "/api/announcements", new { title = "Hi", body = "elsewhere", bootcampId = otherBootcamp }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(instructor, HttpMethod.Post, "/api/announcements", new { title = "", body = "no title", bootcampId }));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(fixture.Admin, HttpMethod.Post, "/api/announcements", new { title = "Hi", body = "nowhere", bootcampId = "no-such-bootcamp" }));

        await _api.AnnounceAsync(instructor, bootcampId, "Class moved");
        await memberLive.WaitForAsync("notification", n => n["title"]!.ToString() == "Class moved", "the bootcamp announcement");
        var everyone = "Maintenance " + Guid.NewGuid().ToString("N")[..6];
        using (var response = await _api.Http.SendAsync(HttpMethod.Post, "/api/announcements", fixture.Admin.AccessToken, new { title = everyone, body = "Tonight." }))
        {
            await response.ExpectAsync(HttpStatusCode.Accepted);
        }
        await strangerLive.WaitForAsync("notification", n => n["title"]!.ToString() == everyone, "the system announcement");
        await memberLive.WaitForAsync("notification", n => n["title"]!.ToString() == everyone, "the system announcement");
        Assert.DoesNotContain(strangerLive.Received("notification"), n => n["title"]!.ToString() == "Class moved");

        // Offline or not, both find the system announcement in their inbox.
        var inbox = await Eventually.Until(() => _api.GetJsonAsync(stranger, "/api/notifications"),
            page => page["items"]!.AsArray().Any(n => n!["title"]!.ToString() == everyone), TimeSpan.FromSeconds(15), "the announcement in the inbox");
        Assert.True(inbox["unread"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task ABurstOfAnnouncementsAndAssignmentsReachesEveryStudentOnceEachInOneOrder()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var students = new List<Tokens>();
        for (var i = 0; i < 3; i++)
        {
            students.Add(await _api.StudentAsync());
            await _api.EnrollAsync(students[^1], bootcampId);
        }
        var outsider = await _api.StudentAsync();
        var live = new List<LiveClient>();
        try
        {
            foreach (var user in students.Append(outsider))
            {
                live.Add(await Connect(user));
            }

            // Announcements go to the members' group, assignments to the students' group: a student is in both, so
            // batching the pushes must neither reorder them between the two nor lose or repeat any.
            const int Announcements = 24, Assignments = 6;
            await Parallel.ForEachAsync(Enumerable.Range(0, Announcements + Assignments), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                if (i % 5 == 4)
                {
                    await _api.CreateAssignmentAsync(instructor, bootcampId);
                }
                else
                {
                    await _api.AnnounceAsync(instructor, bootcampId, $"Burst {i}");
                }
            });

            static List<string> BurstIds(LiveClient client) => [.. client.Received("notification")
                .Where(n => n["kind"]!.ToString() is "announcement" or "assignment.created")
                .Select(n => n["notificationId"]!.ToString())];
            var orders = new List<List<string>>();
            foreach (var student in live.Take(3))
            {
                orders.Add(await Eventually.Until(() => Task.FromResult(BurstIds(student)), ids => ids.Count >= Announcements + Assignments,
                    TimeSpan.FromSeconds(20), "every announcement and assignment"));
            }
            Assert.Equal(Announcements + Assignments, orders[0].Distinct().Count());
            Assert.All(orders, order => Assert.Equal(orders[0], order));
            Assert.Empty(BurstIds(live[3]));
        }
        finally
        {
            foreach (var client in live)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ADisconnectedStudentFindsWhatTheyMissedInTheInboxAndMarksItRead()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var student = await _api.StudentAsync();
        await _api.EnrollAsync(student, bootcampId);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId);
        await _api.SubmitAsync(student, assignmentId);
        using (var grade = await _api.Http.SendAsync(HttpMethod.Put, $"/api/assignments/{assignmentId}/submissions/{student.UserId}/grade", instructor.AccessToken, new { score = 90 }))
        {
            await grade.ExpectAsync(HttpStatusCode.OK);
        }

        var inbox = await Eventually.Until(() => _api.GetJsonAsync(student, $"/api/notifications?since={Uri.EscapeDataString(before.ToString("O"))}"),
            page => page["total"]!.GetValue<int>() >= 3, TimeSpan.FromSeconds(15), "enrollment, assignment and grade in the inbox");
        var kinds = inbox["items"]!.AsArray().Select(n => n!["kind"]!.ToString()).ToList();
        Assert.Equal(["grade.published", "assignment.created", "enrollment.confirmed"], kinds);
        Assert.Equal(3, inbox["unread"]!.GetValue<int>());

        var first = inbox["items"]![0]!["notificationId"]!.ToString();
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(student, HttpMethod.Post, $"/api/notifications/{first}/read"));
        Assert.Equal(2, (await _api.GetJsonAsync(student, "/api/notifications?unreadOnly=true"))["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(student, HttpMethod.Post, "/api/notifications/not-mine/read"));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(student, HttpMethod.Post, "/api/notifications/read-all"));
        Assert.Equal(0, (await _api.GetJsonAsync(student, "/api/notifications"))["unread"]!.GetValue<int>());
        // Another user's inbox is theirs alone.
        var other = await _api.StudentAsync();
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(other, HttpMethod.Post, $"/api/notifications/{first}/read"));
    }

    [Fact]
    public async Task MembersChatWithHistoryMentionsAndARateLimitAndOutsidersCannotListen()
    {
        var instructor = await _api.InstructorAsync("Iris Teach");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var alice = await _api.StudentAsync("Alice Chat");
        var bob = await _api.StudentAsync("Bob Chat");
        var eve = await _api.StudentAsync("Eve");
        await _api.EnrollAsync(alice, bootcampId);
        await _api.EnrollAsync(bob, bootcampId);
        await using var aliceLive = await Connect(alice);
        await using var bobLive = await Connect(bob);
        await using var eveLive = await Connect(eve);
        await aliceLive.Connection.InvokeAsync("JoinBootcamp", bootcampId);
        await bobLive.Connection.InvokeAsync("JoinBootcamp", bootcampId);

        await Assert.ThrowsAsync<HubException>(() => eveLive.Connection.InvokeAsync("JoinBootcamp", bootcampId));
        await Assert.ThrowsAsync<HubException>(() => eveLive.Connection.InvokeAsync("SendChatMessage", bootcampId, "let me in"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(eve, HttpMethod.Get, $"/api/bootcamps/{bootcampId}/chat"));

        await aliceLive.Connection.InvokeAsync("SendChatMessage", bootcampId, "Hello @bob chat, ready for the demo?");
        var heard = await bobLive.WaitForAsync("chatMessage", m => m["text"]!.ToString().StartsWith("Hello", StringComparison.Ordinal), "Alice's message");
        Assert.Equal(("Alice Chat", alice.UserId), (heard["fromDisplayName"]!.ToString(), heard["fromUserId"]!.ToString()));
        var mention = await bobLive.WaitForNotificationAsync("chat.mention", bootcampId);
        Assert.Contains("Alice Chat", mention["title"]!.ToString(), StringComparison.Ordinal);
        await bobLive.Connection.InvokeAsync("SendChatMessage", bootcampId, "Yes!");

        var history = await Eventually.Until(() => _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}/chat"),
            page => page["items"]!.AsArray().Count == 2, TimeSpan.FromSeconds(10), "two messages in the history");
        Assert.Equal(["Hello @bob chat, ready for the demo?", "Yes!"], history["items"]!.AsArray().Select(m => m!["text"]!.ToString()));
        var last = history["items"]![1]!["sequence"]!.GetValue<long>();
        var older = await _api.GetJsonAsync(alice, $"/api/bootcamps/{bootcampId}/chat?before={last}&limit=10");
        Assert.Equal(["Hello @bob chat, ready for the demo?"], older["items"]!.AsArray().Select(m => m!["text"]!.ToString()));
        Assert.Empty(eveLive.Received("chatMessage"));
        Assert.DoesNotContain("chat.mention", aliceLive.NotificationKinds());

        // Ten messages in ten seconds is the most one member may send: Bob has sent one, so of eleven more at least one is refused.
        var refused = 0;
        for (var i = 0; i < 11; i++)
        {
            try
            {
                await bobLive.Connection.InvokeAsync("SendChatMessage", bootcampId, $"spam {i}");
            }
            catch (HubException)
            {
                refused++;
            }
        }
        Assert.InRange(refused, 1, 2);
    }

    [Fact]
    public async Task AMentorsAvailabilityReachesTheirStudentsAsAlertAndPresence()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var mentor = await _api.StudentAsync("Mina Mentor");
        await _api.AssignStaffAsync(bootcampId, mentor.UserId, "mentor");
        var student = await _api.StudentAsync();
        await _api.EnrollAsync(student, bootcampId);
        await using var studentLive = await Connect(student);
        // The token issued before the mentor role was given still works: roles are re-read on every request.
        var mentorTokens = await _api.Http.LoginAsync((await _api.Http.GetMeAsync(mentor.AccessToken)).Email);

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Put, "/api/mentors/me/availability", new { available = true }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(mentorTokens, HttpMethod.Put, "/api/mentors/me/availability", new { available = true, until = DateTimeOffset.UtcNow.AddDays(-1) }));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(mentorTokens, HttpMethod.Put, "/api/mentors/me/availability",
            new { available = true, until = DateTimeOffset.UtcNow.AddHours(2) }));

        var alert = await studentLive.WaitForNotificationAsync("mentor.available", bootcampId);
        Assert.Equal(mentor.UserId, alert["data"]!["mentorId"]!.ToString());
        var presence = await studentLive.WaitForAsync("presence", p => p["userId"]!.ToString() == mentor.UserId, "the mentor's presence");
        Assert.True(presence["available"]!.GetValue<bool>());
        Assert.Equal("mentor", presence["kind"]!.ToString());

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(mentorTokens, HttpMethod.Put, "/api/mentors/me/availability", new { available = false }));
        await studentLive.WaitForAsync("presence", p => p["userId"]!.ToString() == mentor.UserId && !p["available"]!.GetValue<bool>(), "the mentor going away");
    }

    [Fact]
    public async Task AForgedOrMissingTokenCannotConnect()
    {
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => LiveClient.ConnectAsync(fixture.App.BaseAddress, "not.a.token"));
        var forged = new HubConnectionBuilder().WithUrl(new Uri(fixture.App.BaseAddress, "/hubs/notifications")).Build();
        await using (forged)
        {
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => forged.StartAsync());
        }
    }

    [Fact]
    public async Task AStudentWhoWithdrewHearsNothingMoreFromTheBootcampOnTheirOpenConnection()
    {
        var instructor = await _api.InstructorAsync("Ines");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var leaver = await _api.StudentAsync("Lee");
        var stayer = await _api.StudentAsync("Stella");
        await _api.EnrollAsync(leaver, bootcampId);
        await _api.EnrollAsync(stayer, bootcampId);
        await using var leaverLive = await Connect(leaver);
        await using var stayerLive = await Connect(stayer);
        await leaverLive.Connection.InvokeAsync("JoinBootcamp", bootcampId);

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(leaver, HttpMethod.Delete, $"/api/bootcamps/{bootcampId}/enrollments/{leaver.UserId}"));

        // The withdrawal and the announcements travel on different streams: probe until one reaches the stayer but not the leaver.
        var probe = 0;
        await Eventually.Until(async () =>
        {
            var title = $"Probe {++probe}";
            await _api.AnnounceAsync(instructor, bootcampId, title);
            await stayerLive.WaitForAsync("notification", n => n["title"]?.ToString() == title, "the stayer's probe");
            return leaverLive.Received("notification").Any(n => n["title"]?.ToString() == title);
        }, heard => !heard, TimeSpan.FromSeconds(15), "an announcement the leaver no longer hears");
    }

    [Fact]
    public async Task AnOpenConnectionActsWithTheUsersRolesAndSessionAsTheyAreNowNotAsTheyWereAtConnect()
    {
        var instructor = await _api.InstructorAsync("Ines");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var demoted = await _api.UserWithRolesAsync("Deb", "admin");
        await using var demotedLive = await Connect(demoted);
        using (var demote = await _api.Http.SendAsync(HttpMethod.Put, $"/api/users/{demoted.UserId}/roles", fixture.Admin.AccessToken, new { roles = new[] { "student" } }))
        {
            await demote.ExpectAsync(HttpStatusCode.OK);
        }
        var refused = await Assert.ThrowsAsync<HubException>(() => demotedLive.Connection.InvokeAsync("JoinBootcamp", bootcampId));
        Assert.DoesNotContain("session", refused.Message, StringComparison.Ordinal);

        var student = await _api.StudentAsync("Sam");
        await _api.EnrollAsync(student, bootcampId);
        await using var studentLive = await Connect(student);
        await studentLive.Connection.InvokeAsync("JoinBootcamp", bootcampId);
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(student, HttpMethod.Post, "/api/auth/logout"));
        // The server closes the connection as it refuses: the client sees its call end with the connection.
        await Assert.ThrowsAnyAsync<Exception>(() => studentLive.Connection.InvokeAsync("SendChatMessage", bootcampId, "still here?"));
        await Eventually.Until(() => Task.FromResult(studentLive.Connection.State), state => state == HubConnectionState.Disconnected,
            TimeSpan.FromSeconds(10), "the logged-out connection to close");
    }

    [Fact]
    public async Task LoggingOutClosesEveryOpenConnectionOfThatSessionAtOnceAndNobodyElses()
    {
        var email = ApiClient.UniqueEmail("lou");
        var laptop = await _api.Http.RegisterAsync(email, displayName: "Lou");
        var phone = await _api.Http.LoginAsync(email);
        var other = await _api.StudentAsync("Olga");
        await using var laptopTab = await Connect(laptop);
        await using var laptopOtherTab = await Connect(laptop);
        await using var phoneLive = await Connect(phone);
        await using var otherLive = await Connect(other);

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(laptop, HttpMethod.Post, "/api/auth/logout"));

        // Neither laptop connection calls anything: the server closes them itself.
        await ClosedByTheServerAsync(laptopTab, "the logged-out session's first tab");
        await ClosedByTheServerAsync(laptopOtherTab, "the logged-out session's second tab");
        await StillOpenAsync(phoneLive);
        await StillOpenAsync(otherLive);
        // The logged-out access token is still inside its lifetime, but opens no new connection.
        await Assert.ThrowsAnyAsync<Exception>(() => Connect(laptop));
    }

    [Fact]
    public async Task ChangingThePasswordClosesTheOtherSessionsConnectionsAndKeepsTheCallers()
    {
        var email = ApiClient.UniqueEmail("pat");
        var laptop = await _api.Http.RegisterAsync(email, displayName: "Pat");
        var stolen = await _api.Http.LoginAsync(email);
        await using var laptopLive = await Connect(laptop);
        await using var stolenLive = await Connect(stolen);

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(laptop, HttpMethod.Post, "/api/me/password",
            new { currentPassword = ApiClient.StrongPassword, newPassword = "a brand new passphrase 42" }));

        await ClosedByTheServerAsync(stolenLive, "the other session's connection");
        await StillOpenAsync(laptopLive);
    }

    [Fact]
    public async Task ADemotedAdminsOpenConnectionStopsHearingRoomsTheyJoinedAsAnAdminWithoutCallingAgain()
    {
        var instructor = await _api.InstructorAsync("Ines");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var demoted = await _api.UserWithRolesAsync("Dora", "admin");
        var member = await _api.StudentAsync("Mo");
        await _api.EnrollAsync(member, bootcampId);
        await using var demotedLive = await Connect(demoted);
        await using var memberLive = await Connect(member);
        await using var instructorLive = await Connect(instructor);
        await demotedLive.Connection.InvokeAsync("JoinBootcamp", bootcampId);
        await memberLive.Connection.InvokeAsync("JoinBootcamp", bootcampId);
        await instructorLive.Connection.InvokeAsync("SendChatMessage", bootcampId, "Before");
        await demotedLive.WaitForAsync("chatMessage", m => m["text"]!.ToString() == "Before", "the message sent while still an admin");

        using (var demote = await _api.Http.SendAsync(HttpMethod.Put, $"/api/users/{demoted.UserId}/roles", fixture.Admin.AccessToken, new { roles = new[] { "student" } }))
        {
            await demote.ExpectAsync(HttpStatusCode.OK);
        }

        // The role change and the chat travel on different streams: probe until one reaches the member but not the demoted admin.
        var probe = 0;
        await Eventually.Until(async () =>
        {
            var text = $"Probe {++probe}";
            await instructorLive.Connection.InvokeAsync("SendChatMessage", bootcampId, text);
            await memberLive.WaitForAsync("chatMessage", m => m["text"]!.ToString() == text, "the member's probe");
            return demotedLive.Received("chatMessage").Any(m => m["text"]!.ToString() == text);
        }, heard => !heard, TimeSpan.FromSeconds(15), "a chat message the demoted admin no longer hears");
        // Re-scoped, not closed: their own notifications still reach them.
        await StillOpenAsync(demotedLive);
    }

    private static async Task ClosedByTheServerAsync(LiveClient live, string what) =>
        await Eventually.Until(() => Task.FromResult(live.Connection.State), state => state == HubConnectionState.Disconnected,
            TimeSpan.FromSeconds(10), what + " to close");

    private static async Task StillOpenAsync(LiveClient live)
    {
        Assert.Equal(HubConnectionState.Connected, live.Connection.State);
        await live.Connection.InvokeAsync<DateTimeOffset>("Ping");
    }

    private Task<LiveClient> Connect(Tokens user) => LiveClient.ConnectAsync(fixture.App.BaseAddress, user.AccessToken);
}
