using System.Collections.Immutable;
using Cohortly.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Cohortly.Notifications;

[GenerateSerializer, Alias("cohortly.notifications.feed-state")]
public sealed class FeedState
{
    /// <summary>Oldest first.</summary>
    [Id(0)] public List<FeedEntry> Entries { get; set; } = [];

    [Id(1)] public long LastSequence { get; set; }
}

/// <summary>
/// Keeps the audience-wide notifications of one stream. Each audience keeps its own newest
/// <see cref="INotificationFeedGrain.Capacity"/>, so a flood of staff-only "submission.created" entries cannot push
/// the students' announcements out.
/// </summary>
public abstract class NotificationFeedGrain(IPersistentState<FeedState> state, NotificationMappers notifications) : Grain, INotificationFeedGrain, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(OnEventAsync);

    public Task<ImmutableArray<FeedEntry>> ReadAsync(ImmutableArray<Audience> audiences, DateTimeOffset since) =>
        Task.FromResult(state.State.Entries.Where(e => audiences.Contains(e.Audience) && e.Notification.CreatedAt >= since).ToImmutableArray());

    private async Task OnEventAsync(DomainEvent domainEvent, StreamSequenceToken? token)
    {
        if (notifications.For(domainEvent) is not { Audience: { } audience } delivery)
        {
            return;
        }
        var entries = state.State.Entries;
        var id = delivery.Notification.NotificationId;
        // Streams deliver at least once: the same event must not appear twice.
        if (entries.Exists(e => e.Notification.NotificationId == id))
        {
            return;
        }
        entries.Add(new FeedEntry(++state.State.LastSequence, audience, delivery.Notification));
        if (entries.Count(e => e.Audience == audience) > INotificationFeedGrain.Capacity)
        {
            entries.RemoveAt(entries.FindIndex(e => e.Audience == audience));
        }
        await state.WriteStateAsync();
    }
}
