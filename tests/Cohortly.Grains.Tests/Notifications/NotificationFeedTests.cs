using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Notifications;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Notifications;

/// <summary>A bootcamp's feed stores each audience-wide event once, and no audience can crowd another out.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NotificationFeedTests(ClusterFixture fixture)
{
    private static readonly ImmutableArray<Audience> Everyone = [Audience.Members, Audience.Students, Audience.Staff, Audience.Instructors];

    [Fact]
    public async Task AnEventDeliveredTwiceIsStoredOnceAndStaffEntriesCannotPushAnnouncementsOut()
    {
        var bootcampId = SecureTokens.NewId();
        var stream = fixture.Cluster.Client.GetStreamProvider(EventStreams.Provider).GetStream<DomainEvent>(StreamId.Create(EventStreams.Bootcamp, bootcampId));
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        var announcement = new AnnouncementMade(SecureTokens.NewId(), DateTimeOffset.UtcNow, bootcampId, "Welcome", "Read me.", "author", "Ann");
        await stream.OnNextAsync(announcement);
        await stream.OnNextAsync(announcement);
        var submissions = INotificationFeedGrain.Capacity + 5;
        for (var i = 0; i < submissions; i++)
        {
            await stream.OnNextAsync(new SubmissionCreated(SecureTokens.NewId(), DateTimeOffset.UtcNow, bootcampId, "a", $"s{i}", "Student", 1, false));
        }
        var feed = fixture.Grains.GetGrain<IBootcampFeedGrain>(bootcampId);

        var entries = await Eventually.Until(() => feed.ReadAsync(Everyone, start),
            all => all.Any(e => e.Notification.Data.GetValueOrDefault("studentId") == $"s{submissions - 1}"), TimeSpan.FromSeconds(30), "the last submission in the feed");

        Assert.Single(entries, e => e.Notification.NotificationId == announcement.EventId);
        Assert.Equal(INotificationFeedGrain.Capacity, entries.Count(e => e.Audience == Audience.Staff));
        Assert.DoesNotContain(entries, e => e.Notification.Data.GetValueOrDefault("studentId") == "s0");
        Assert.Equal(entries.Select(e => e.Sequence).Order(), entries.Select(e => e.Sequence));
        var forStudents = await feed.ReadAsync(Audiences.Of(MemberRole.Student), start);
        Assert.Equal(["Welcome"], forStudents.Select(e => e.Notification.Title));
        Assert.Empty(await feed.ReadAsync(Everyone, DateTimeOffset.UtcNow.AddMinutes(1)));
    }

    [Fact]
    public async Task AnAnnouncementToEveryoneReachesTheInboxOfEachUserThroughThePerSiloCopy()
    {
        var inboxes = new List<INotificationInboxGrain>();
        foreach (var name in new[] { "Reader one", "Reader two" })
        {
            var email = ApiClient.UniqueEmail("everyone");
            var user = (await fixture.Grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email)).RegisterAsync(new NewAccount(email, name, "hash"))).Profile!;
            var inbox = fixture.Grains.GetGrain<INotificationInboxGrain>(user.UserId);
            // Read once first, so the copy each silo keeps is warm and the announcement has to come in through a refresh.
            await inbox.ListAsync(false, null, 1, 20);
            inboxes.Add(inbox);
        }
        var admin = fixture.FirstAccount;
        var title = "Maintenance " + SecureTokens.NewId()[..6];

        await fixture.Grains.GetGrain<IAnnouncerGrain>(0).AnnounceAsync(new Caller(admin.UserId, admin.DisplayName, admin.Roles), null, title, "Tonight.", null);

        foreach (var inbox in inboxes)
        {
            var page = await Eventually.Until(() => inbox.ListAsync(false, null, 1, 20),
                found => found.Items.Any(n => n.Title == title), TimeSpan.FromSeconds(15), "the announcement to everyone in the inbox");
            Assert.True(page.Unread >= 1);
        }
    }
}
