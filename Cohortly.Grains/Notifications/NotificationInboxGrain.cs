using System.Collections.Immutable;
using Cohortly.Common;
using Cohortly.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Cohortly.Notifications;

[GenerateSerializer, Alias("cohortly.notifications.inbox-state")]
public sealed class InboxState
{
    /// <summary>Oldest first; the oldest fall off beyond the capacity.</summary>
    [Id(0)] public List<Notification> Notifications { get; set; } = [];
}

/// <summary>
/// Fed two ways: events about this user arrive on the user's own stream (implicit subscription), and
/// bootcamp-wide notifications are delivered by the bootcamp's notifier.
/// </summary>
[ImplicitStreamSubscription(EventStreams.User)]
public sealed class NotificationInboxGrain(
    [PersistentState("inbox", StorageNames.Cohortly)] IPersistentState<InboxState> state) : Grain, INotificationInboxGrain, IStreamSubscriptionObserver
{
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

    public Task<InboxPage> ListAsync(bool unreadOnly, DateTimeOffset? since, int page, int pageSize)
    {
        var matching = Enumerable.Reverse(state.State.Notifications)
            .Where(n => (!unreadOnly || !n.Read) && (since is null || n.CreatedAt > since))
            .ToList();
        var items = matching.Skip((page - 1) * pageSize).Take(pageSize).ToImmutableArray();
        return Task.FromResult(new InboxPage(items, matching.Count, state.State.Notifications.Count(n => !n.Read)));
    }

    public async Task<bool> MarkReadAsync(string notificationId)
    {
        var index = state.State.Notifications.FindIndex(n => n.NotificationId == notificationId);
        if (index < 0)
        {
            return false;
        }
        if (!state.State.Notifications[index].Read)
        {
            state.State.Notifications[index] = state.State.Notifications[index] with { Read = true };
            await state.WriteStateAsync();
        }
        return true;
    }

    public async Task MarkAllReadAsync()
    {
        if (state.State.Notifications.Exists(n => !n.Read))
        {
            state.State.Notifications = [.. state.State.Notifications.Select(n => n with { Read = true })];
            await state.WriteStateAsync();
        }
    }

    private Task OnEventAsync(DomainEvent domainEvent, StreamSequenceToken? token) =>
        NotificationFactory.For(domainEvent) is { UserId: { } userId } delivery && userId == this.GetPrimaryKeyString()
            ? AddAsync(delivery.Notification)
            : Task.CompletedTask;
}

[Orleans.Concurrency.StatelessWorker]
public sealed class InboxDeliveryGrain : Grain, IInboxDeliveryGrain
{
    public Task DeliverAsync(Notification notification, ImmutableArray<string> userIds) =>
        Task.WhenAll(userIds.Select(userId => GrainFactory.GetGrain<INotificationInboxGrain>(userId).AddAsync(notification)));
}
