using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Cohortly.Notifications;

[GenerateSerializer, Alias("cohortly.notifications.inbox-state")]
public sealed class InboxState
{
    /// <summary>Notifications to this user alone, oldest first; the oldest fall off beyond the capacity.</summary>
    [Id(0)] public List<Notification> Notifications { get; set; } = [];

    /// <summary>Per feed, the sequence number up to which "mark all read" has read it.</summary>
    [Id(1)] public Dictionary<string, long> FeedReadThrough { get; set; } = [];

    /// <summary>Feed notifications read one at a time above their feed's read-through mark.</summary>
    [Id(2)] public HashSet<string> FeedNotificationsRead { get; set; } = [];
}

/// <summary>
/// A user's inbox. Notifications to the user alone (grades, enrollment, mentions) arrive on the user's own stream
/// and are stored here. Audience-wide ones (announcements, new assignments, submissions for staff) are stored once in
/// the feed of their bootcamp or of everyone and merged in when the inbox is read, for the bootcamps the user belongs
/// to, from the day they joined; only what the user has read of them is stored here.
/// </summary>
[ImplicitStreamSubscription(EventStreams.User)]
[GrainType("notificationinbox")]
public sealed class NotificationInboxGrain(
    [PersistentState("inbox", StorageNames.Cohortly)] IPersistentState<InboxState> state,
    NotificationMappers notifications) : Grain, INotificationInboxGrain, IStreamSubscriptionObserver
{
    private DateTimeOffset? _registeredAt;

    private string UserId => this.GetPrimaryKeyString();

    private sealed record FeedItem(string FeedKey, long Sequence, Notification Notification);

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(OnEventAsync);

    public async Task AddAsync(Notification notification)
    {
        var notifications = state.State.Notifications;
        if (notifications.Exists(n => n.NotificationId == notification.NotificationId))
        {
            return;
        }
        notifications.Add(notification with { Read = false });
        notifications.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        if (notifications.Count > INotificationInboxGrain.Capacity)
        {
            notifications.RemoveRange(0, notifications.Count - INotificationInboxGrain.Capacity);
        }
        await state.WriteStateAsync();
    }

    public async Task<InboxPage> ListAsync(bool unreadOnly, DateTimeOffset? since, int page, int pageSize)
    {
        var feedItems = await ReadFeedsAsync();
        var all = state.State.Notifications
            .Concat(feedItems.Select(item => item.Notification with { Read = IsRead(item) }))
            .DistinctBy(n => n.NotificationId)
            .OrderByDescending(n => n.CreatedAt)
            .ToList();
        var matching = all.Where(n => (!unreadOnly || !n.Read) && (since is null || n.CreatedAt > since)).ToList();
        var items = matching.Skip((page - 1) * pageSize).Take(pageSize).ToImmutableArray();
        return new InboxPage(items, matching.Count, all.Count(n => !n.Read));
    }

    public async Task<bool> MarkReadAsync(string notificationId)
    {
        var index = state.State.Notifications.FindIndex(n => n.NotificationId == notificationId);
        if (index >= 0)
        {
            if (!state.State.Notifications[index].Read)
            {
                state.State.Notifications[index] = state.State.Notifications[index] with { Read = true };
                await state.WriteStateAsync();
            }
            return true;
        }
        var feedItems = await ReadFeedsAsync();
        if (feedItems.Find(item => item.Notification.NotificationId == notificationId) is not { } found)
        {
            return false;
        }
        if (!IsRead(found))
        {
            // Only ids still in a feed are worth remembering; the rest fell off and can never show again.
            var current = feedItems.Select(item => item.Notification.NotificationId).ToHashSet();
            state.State.FeedNotificationsRead.RemoveWhere(id => !current.Contains(id));
            state.State.FeedNotificationsRead.Add(notificationId);
            await state.WriteStateAsync();
        }
        return true;
    }

    public async Task MarkAllReadAsync()
    {
        var feedItems = await ReadFeedsAsync();
        var changed = state.State.FeedNotificationsRead.Count > 0 || state.State.Notifications.Exists(n => !n.Read);
        foreach (var feed in feedItems.GroupBy(item => item.FeedKey))
        {
            var newest = feed.Max(item => item.Sequence);
            if (state.State.FeedReadThrough.GetValueOrDefault(feed.Key) < newest)
            {
                state.State.FeedReadThrough[feed.Key] = newest;
                changed = true;
            }
        }
        if (changed)
        {
            state.State.Notifications = [.. state.State.Notifications.Select(n => n with { Read = true })];
            state.State.FeedNotificationsRead.Clear();
            await state.WriteStateAsync();
        }
    }

    private bool IsRead(FeedItem item) =>
        item.Sequence <= state.State.FeedReadThrough.GetValueOrDefault(item.FeedKey)
        || state.State.FeedNotificationsRead.Contains(item.Notification.NotificationId);

    /// <summary>What the feeds hold for this user: their audiences in the bootcamps they belong to, since they joined.</summary>
    private async Task<List<FeedItem>> ReadFeedsAsync()
    {
        _registeredAt ??= (await GrainFactory.GetGrain<IUserGrain>(UserId).GetProfileAsync())?.CreatedAt ?? DateTimeOffset.MaxValue;
        var memberships = await GrainFactory.GetGrain<IUserMembershipsGrain>(UserId).ListAsync();
        var bootcampReads = memberships.Select(async membership =>
        {
            var entries = await GrainFactory.GetGrain<IBootcampFeedGrain>(membership.BootcampId).ReadAsync(Audiences.Of(membership.Role), membership.Since);
            var feedKey = IBootcampFeedGrain.FeedKey(membership.BootcampId);
            return entries.Select(e => new FeedItem(feedKey, e.Sequence, e.Notification));
        });
        var everyoneRead = GrainFactory.GetGrain<IEveryoneFeedReaderGrain>(IEveryoneFeedReaderGrain.Key).ReadAsync(_registeredAt.Value);
        var bootcampItems = await Task.WhenAll(bootcampReads);
        var everyoneItems = (await everyoneRead).Select(e => new FeedItem(IEveryoneFeedGrain.FeedKey, e.Sequence, e.Notification));
        return [.. bootcampItems.SelectMany(items => items).Concat(everyoneItems)];
    }

    private Task OnEventAsync(DomainEvent domainEvent, StreamSequenceToken? token) =>
        notifications.For(domainEvent) is { UserId: { } userId } delivery && userId == UserId
            ? AddAsync(delivery.Notification)
            : Task.CompletedTask;
}
