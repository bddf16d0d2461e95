using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Notifications;

/// <summary>
/// Audience-wide notifications are stored once per bootcamp and merged into each member's inbox: what each member
/// sees, and what each has read, must still be their own.
/// </summary>
[Collection(EmbeddedAppCollection.Name)]
public sealed class InboxFeedTests(EmbeddedAppFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task MembersSeeBootcampNotificationsFromTheDayTheyJoinedAndReadThemEachForThemselves()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var early = await _api.StudentAsync();
        await _api.EnrollAsync(early, bootcampId);
        await _api.AnnounceAsync(instructor, bootcampId, "Before");
        await InboxWithAsync(early, "Before");

        var late = await _api.StudentAsync();
        await _api.EnrollAsync(late, bootcampId);
        await _api.AnnounceAsync(instructor, bootcampId, "After");
        await InboxWithAsync(early, "After");
        var lateInbox = await InboxWithAsync(late, "After");
        Assert.DoesNotContain("Before", Titles(lateInbox));

        var after = Id(await InboxWithAsync(early, "After"), "After");
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(early, HttpMethod.Post, $"/api/notifications/{after}/read"));
        Assert.DoesNotContain("After", Titles(await _api.GetJsonAsync(early, "/api/notifications?unreadOnly=true")));
        Assert.Contains("After", Titles(await _api.GetJsonAsync(late, "/api/notifications?unreadOnly=true")));

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(early, HttpMethod.Post, "/api/notifications/read-all"));
        Assert.Equal(0, (await _api.GetJsonAsync(early, "/api/notifications"))["unread"]!.GetValue<int>());
        await _api.AnnounceAsync(instructor, bootcampId, "Newer");
        var earlyInbox = await InboxWithAsync(early, "Newer");
        Assert.Equal(1, earlyInbox["unread"]!.GetValue<int>());
        Assert.Equal(["Newer"], Titles(await _api.GetJsonAsync(early, "/api/notifications?unreadOnly=true")));
        // The late student never read anything: both announcements they can see, and their enrollment, are unread.
        Assert.Equal(3, (await InboxWithAsync(late, "Newer"))["unread"]!.GetValue<int>());
    }

    [Fact]
    public async Task StaffOnlyNotificationsStayWithTheStaffAndOtherBootcampsStayOut()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var otherBootcampId = await _api.CreateBootcampAsync(await _api.InstructorAsync());
        var student = await _api.StudentAsync();
        var outsider = await _api.StudentAsync();
        await _api.EnrollAsync(student, bootcampId);
        await _api.EnrollAsync(outsider, otherBootcampId);

        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId);
        await _api.SubmitAsync(student, assignmentId);
        var staffInbox = await Eventually.Until(() => _api.GetJsonAsync(instructor, "/api/notifications"),
            page => Kinds(page).Contains("submission.created"), Deadline, "the submission in the instructor's inbox");
        Assert.DoesNotContain("assignment.created", Kinds(staffInbox));

        await _api.AnnounceAsync(instructor, bootcampId, "Marker");
        var studentInbox = await InboxWithAsync(student, "Marker");
        Assert.Contains("assignment.created", Kinds(studentInbox));
        Assert.DoesNotContain("submission.created", Kinds(studentInbox));
        var outsiderInbox = await _api.GetJsonAsync(outsider, "/api/notifications");
        Assert.DoesNotContain(outsiderInbox["items"]!.AsArray(), n => n!["bootcampId"]?.ToString() == bootcampId);
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(outsider, HttpMethod.Post, $"/api/notifications/{Id(studentInbox, "Marker")}/read"));
    }

    private Task<JsonNode> InboxWithAsync(Tokens user, string title) =>
        Eventually.Until(() => _api.GetJsonAsync(user, "/api/notifications"), page => Titles(page).Contains(title), Deadline, $"\"{title}\" in the inbox");

    private static List<string> Titles(JsonNode page) => [.. page["items"]!.AsArray().Select(n => n!["title"]!.ToString())];

    private static List<string> Kinds(JsonNode page) => [.. page["items"]!.AsArray().Select(n => n!["kind"]!.ToString())];

    private static string Id(JsonNode page, string title) =>
        page["items"]!.AsArray().First(n => n!["title"]!.ToString() == title)!["notificationId"]!.ToString();
}
