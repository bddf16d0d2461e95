using System.Collections.Immutable;
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
}
