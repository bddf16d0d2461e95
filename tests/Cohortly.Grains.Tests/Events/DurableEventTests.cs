using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Notifications;
using Cohortly.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.Streams;

namespace Cohortly.Grains.Tests.Events;

/// <summary>
/// What a process killed between a grain's state write and its publish leaves behind (the state with its pending
/// events, and the reminder registered alongside), read by a second cluster started on the same SQLite file.
/// </summary>
public sealed class DurableEventTests
{
    private static readonly TimeSpan RepublishPeriod = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task AnAnnouncementStoredBeforeACrashReachesItsStreamAfterTheRestartWithoutAnyoneCallingItsGrain()
    {
        using var data = new TempDirectory("cohortly-restart");
        var bootcampId = SecureTokens.NewId();
        var announcement = new AnnouncementMade(SecureTokens.NewId(), DateTimeOffset.UtcNow, bootcampId, "Stored", "before the crash", "author", "Author");
        var grainId = GrainId.Create("announcement", announcement.EventId);

        var first = Cluster(data.Path);
        await first.InitializeAsync();
        var services = first.PrimarySiloServices;
        await services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Cohortly).WriteStateAsync("announcement", grainId,
            new GrainState<AnnouncementState>(new AnnouncementState { Announcement = announcement, PendingEvents = [announcement] }));
        var reminders = services.GetRequiredService<IReminderTable>();
        await reminders.UpsertRow(new ReminderEntry
        {
            GrainId = grainId,
            ReminderName = EventOutbox<AnnouncementState>.ReminderName,
            StartAt = DateTime.UtcNow,
            Period = RepublishPeriod,
        });
        await first.DisposeAsync();

        var second = Cluster(data.Path);
        await second.InitializeAsync();
        try
        {
            // The bootcamp's feed, a consumer by implicit subscription, has it: nobody had to subscribe or ask first.
            var feed = second.Grains.GetGrain<IBootcampFeedGrain>(bootcampId);
            var entries = await Eventually.Until(() => feed.ReadAsync([Audience.Members], DateTimeOffset.MinValue), found => found.Length > 0,
                TimeSpan.FromSeconds(30), "the stored announcement in its bootcamp's feed");
            Assert.Equal(announcement.EventId, Assert.Single(entries).Notification.NotificationId);

            // Handed on, the event leaves the stored state and the reminder stops.
            var secondReminders = second.PrimarySiloServices.GetRequiredService<IReminderTable>();
            await Eventually.Until(() => secondReminders.ReadRow(grainId, EventOutbox<AnnouncementState>.ReminderName),
                row => row is null, TimeSpan.FromSeconds(30), "the re-publish reminder to be unregistered");
            var stored = await StoredAsync(second, grainId);
            Assert.Empty(stored.PendingEvents);
            Assert.Equal(announcement.EventId, stored.Announcement?.EventId);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnAnnouncementMadeAgainWithTheSameIdIsStoredAndPublishedOnce()
    {
        using var data = new TempDirectory("cohortly-announce");
        var cluster = Cluster(data.Path);
        await cluster.InitializeAsync();
        try
        {
            var bootcampId = SecureTokens.NewId();
            var received = await SubscribeAsync(cluster, StreamId.Create(EventStreams.Bootcamp, bootcampId));
            var announcement = new AnnouncementMade(SecureTokens.NewId(), DateTimeOffset.UtcNow, bootcampId, "Once", "only once", "author", "Author");
            var grain = cluster.Grains.GetGrain<IAnnouncementGrain>(announcement.EventId);

            await grain.MakeAsync(announcement);
            await grain.MakeAsync(announcement);

            await Eventually.Until(() => Task.FromResult(Snapshot(received)), events => events.Count > 0, TimeSpan.FromSeconds(15), "the announcement");
            // The reminder registered with the write goes once its tick finds nothing left to hand on.
            var reminders = cluster.PrimarySiloServices.GetRequiredService<IReminderTable>();
            await Eventually.Until(() => reminders.ReadRow(grain.GetGrainId(), EventOutbox<AnnouncementState>.ReminderName),
                row => row is null, TimeSpan.FromSeconds(30), "the re-publish reminder's tick");
            Assert.Equal(announcement.EventId, Assert.Single(Snapshot(received)).EventId);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnEventHandedOnBeforeASiloChangeIsHandedOnOnceMoreAtTheTickAndItsConsumerKeepsOneCopy()
    {
        using var data = new TempDirectory("cohortly-silo-change");
        // Long enough for a second silo to join before the first tick.
        var cluster = ClusterFixture.On(data.Path, 1, new Dictionary<string, string> { [EventOutboxOptions.Section + ":RepublishPeriod"] = TimeSpan.FromSeconds(10).ToString() });
        await cluster.InitializeAsync();
        try
        {
            var bootcampId = SecureTokens.NewId();
            var received = await SubscribeAsync(cluster, StreamId.Create(EventStreams.Bootcamp, bootcampId));
            var announcement = new AnnouncementMade(SecureTokens.NewId(), DateTimeOffset.UtcNow, bootcampId, "Twice", "handed on twice", "author", "Author");
            var grain = cluster.Grains.GetGrain<IAnnouncementGrain>(announcement.EventId);
            await grain.MakeAsync(announcement);
            await Eventually.Until(() => Task.FromResult(Snapshot(received)), events => events.Count > 0, TimeSpan.FromSeconds(15), "the announcement");
            // Handed on, and still stored: a queue on a silo that died now would not be its only copy.
            Assert.Contains(announcement, (await StoredAsync(cluster, grain.GetGrainId())).PendingEvents);

            await cluster.Cluster.StartAdditionalSiloAsync();

            var reminders = cluster.PrimarySiloServices.GetRequiredService<IReminderTable>();
            await Eventually.Until(() => reminders.ReadRow(grain.GetGrainId(), EventOutbox<AnnouncementState>.ReminderName),
                row => row is null, TimeSpan.FromSeconds(45), "the re-publish reminder's tick");
            await Eventually.Until(() => Task.FromResult(Snapshot(received)), events => events.Count > 1, TimeSpan.FromSeconds(15), "the announcement handed on again");
            // One stream is delivered in order: once a marker sent after the copies is in the feed, both copies were handled.
            var marker = announcement with { EventId = SecureTokens.NewId(), Title = "Marker" };
            await cluster.Cluster.Client.GetStreamProvider(EventStreams.Provider).GetStream<DomainEvent>(StreamId.Create(EventStreams.Bootcamp, bootcampId)).OnNextAsync(marker);
            var feed = cluster.Grains.GetGrain<IBootcampFeedGrain>(bootcampId);
            var entries = await Eventually.Until(() => feed.ReadAsync([Audience.Members], DateTimeOffset.MinValue),
                found => found.Any(e => e.Notification.NotificationId == marker.EventId), TimeSpan.FromSeconds(15), "the marker in the feed");
            Assert.Single(entries, e => e.Notification.NotificationId == announcement.EventId);
            Assert.Equal(2, entries.Length);
            Assert.Empty((await StoredAsync(cluster, grain.GetGrainId())).PendingEvents);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static async Task<AnnouncementState> StoredAsync(ClusterFixture cluster, GrainId grainId)
    {
        var stored = new GrainState<AnnouncementState>(new AnnouncementState());
        await cluster.PrimarySiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Cohortly).ReadStateAsync("announcement", grainId, stored);
        return stored.State!;
    }

    private static ClusterFixture Cluster(string dataDirectory) =>
        ClusterFixture.On(dataDirectory, 1, new Dictionary<string, string> { [EventOutboxOptions.Section + ":RepublishPeriod"] = RepublishPeriod.ToString() });

    private static async Task<List<DomainEvent>> SubscribeAsync(ClusterFixture cluster, StreamId streamId)
    {
        var received = new List<DomainEvent>();
        await cluster.Cluster.Client.GetStreamProvider(EventStreams.Provider).GetStream<DomainEvent>(streamId).SubscribeAsync((domainEvent, _) =>
        {
            lock (received)
            {
                received.Add(domainEvent);
            }
            return Task.CompletedTask;
        });
        return received;
    }

    private static List<DomainEvent> Snapshot(List<DomainEvent> received)
    {
        lock (received)
        {
            return [.. received];
        }
    }
}
