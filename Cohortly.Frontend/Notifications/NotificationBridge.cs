using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Notifications;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace Cohortly.Frontend.Notifications;

/// <summary>
/// Carries domain events from Orleans streams to this front end's SignalR connections. It subscribes to a
/// user's, a bootcamp's or the everyone stream only while a connection here needs it and unsubscribes when the
/// last one leaves, so any number of front ends run side by side with no backplane: each hears only what its
/// own connections need. Each stream's pushes go out through its own <see cref="PushSender"/>: in order, and without
/// holding up the stream while they are written.
/// </summary>
public sealed class NotificationBridge(
    IClusterClient cluster,
    IHubContext<NotificationsHub> hub,
    BatchingHubLifetimeManager<NotificationsHub> connections,
    UserConnections users,
    NotificationMappers notifications,
    IEnumerable<ILiveRoute> liveRoutes,
    ILogger<NotificationBridge> logger) : IDisposable
{
    private readonly ILiveRoute[] _liveRoutes = [.. liveRoutes];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<StreamId, Watch> _watches = [];
    private readonly Dictionary<string, HashSet<StreamId>> _byConnection = [];

    private sealed class Watch(StreamSubscriptionHandle<DomainEvent> handle, PushSender pushes)
    {
        public StreamSubscriptionHandle<DomainEvent> Handle { get; } = handle;

        public PushSender Pushes { get; } = pushes;

        public HashSet<string> Connections { get; } = [];
    }

    public static StreamId UserStream(string userId) => StreamId.Create(EventStreams.User, userId);

    public static StreamId BootcampStream(string bootcampId) => StreamId.Create(EventStreams.Bootcamp, bootcampId);

    public static StreamId EveryoneStream { get; } = StreamId.Create(EventStreams.Everyone, EventStreams.EveryoneKey);

    public async Task WatchAsync(string connectionId, StreamId stream)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_watches.TryGetValue(stream, out var watch))
            {
                var pushes = new PushSender(connections, logger);
                var handle = await cluster.GetStreamProvider(EventStreams.Provider).GetStream<DomainEvent>(stream)
                    .SubscribeAsync((domainEvent, _) => OnEventAsync(stream, pushes, domainEvent));
                _watches[stream] = watch = new Watch(handle, pushes);
            }
            watch.Connections.Add(connectionId);
            if (!_byConnection.TryGetValue(connectionId, out var streams))
            {
                _byConnection[connectionId] = streams = [];
            }
            streams.Add(stream);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ForgetAsync(string connectionId)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_byConnection.Remove(connectionId, out var streams))
            {
                return;
            }
            foreach (var stream in streams)
            {
                await StopWatchingAsync(connectionId, stream);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes a connection out of every group of a bootcamp it has left, and stops listening to that bootcamp for it.</summary>
    public async Task LeaveBootcampGroupsAsync(string connectionId, string bootcampId)
    {
        foreach (var audience in Enum.GetValues<Audience>())
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, HubGroups.Bootcamp(bootcampId, audience));
        }
        await hub.Groups.RemoveFromGroupAsync(connectionId, HubGroups.Chat(bootcampId));
        await _gate.WaitAsync();
        try
        {
            if (_byConnection.TryGetValue(connectionId, out var streams) && streams.Remove(BootcampStream(bootcampId)))
            {
                await StopWatchingAsync(connectionId, BootcampStream(bootcampId));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Under the gate: the last connection to leave a stream unsubscribes from it.</summary>
    private async Task StopWatchingAsync(string connectionId, StreamId stream)
    {
        if (_watches.TryGetValue(stream, out var watch) && watch.Connections.Remove(connectionId) && watch.Connections.Count == 0)
        {
            _watches.Remove(stream);
            await watch.Handle.UnsubscribeAsync();
            watch.Pushes.Stop();
        }
    }

    public void Dispose()
    {
        foreach (var watch in _watches.Values)
        {
            watch.Pushes.Stop();
        }
        _gate.Dispose();
    }

    /// <summary>How many streams this front end listens to: what the multi-front-end tests look at.</summary>
    public int WatchedStreamCount => _watches.Count;

    /// <summary>Adds a connection to the groups of a bootcamp it is a member of, and listens to that bootcamp.</summary>
    public async Task JoinBootcampGroupsAsync(string connectionId, string bootcampId, MemberRole role)
    {
        foreach (var audience in Audiences.Of(role))
        {
            await hub.Groups.AddToGroupAsync(connectionId, HubGroups.Bootcamp(bootcampId, audience));
        }
        await WatchAsync(connectionId, BootcampStream(bootcampId));
    }

    private async Task OnEventAsync(StreamId stream, PushSender pushes, DomainEvent domainEvent)
    {
        try
        {
            var ns = stream.GetNamespace();
            if (ns == EventStreams.User)
            {
                await OnUserEventAsync(stream.GetKeyAsString(), pushes, domainEvent);
            }
            else if (ns == EventStreams.Bootcamp)
            {
                await OnBootcampEventAsync(pushes, domainEvent);
            }
            else if (notifications.For(domainEvent) is { Audience: not null } delivery)
            {
                await pushes.EnqueueAsync(new Push(null, "notification", NotificationResponse.From(delivery.Notification)));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One failed push must not end the subscription for everyone else on this front end.
            logger.LogWarning(exception, "Could not push event {EventId} from {Stream}", domainEvent.EventId, stream);
        }
    }

    private async Task OnUserEventAsync(string userId, PushSender pushes, DomainEvent domainEvent)
    {
        if (notifications.For(domainEvent) is { UserId: { } target } delivery && target == userId)
        {
            await pushes.EnqueueAsync(new Push(HubGroups.User(userId), "notification", NotificationResponse.From(delivery.Notification)));
        }
        if (domainEvent is EnrollmentConfirmed enrolled)
        {
            // A student who enrolls with the app open starts hearing the bootcamp at once.
            foreach (var (connectionId, _) in users.Of(userId))
            {
                await JoinBootcampGroupsAsync(connectionId, enrolled.BootcampId, MemberRole.Student);
            }
        }
        else if (domainEvent is EnrollmentWithdrawn withdrawn)
        {
            // ... and one who withdrew stops at once, on every front end holding one of their connections.
            foreach (var (connectionId, _) in users.Of(userId))
            {
                await LeaveBootcampGroupsAsync(connectionId, withdrawn.BootcampId);
            }
        }
        else if (domainEvent is SessionsEnded ended)
        {
            // A connection of a session that ended (logout, password reset or change) closes now, not at its next call.
            foreach (var (connectionId, sessionId) in users.Of(userId).Where(c => !ended.OpenSessionIds.Contains(c.SessionId)))
            {
                connections.Abort(connectionId);
            }
        }
        else if (domainEvent is RolesChanged changed)
        {
            await RescopeAsync(new Caller(changed.UserId, changed.DisplayName, changed.Roles));
        }
    }

    /// <summary>
    /// Each of the user's connections leaves every bootcamp its new roles no longer let it hear: an admin who joined
    /// rooms as an admin, not as a member, loses them when demoted. Membership roles do not depend on global roles,
    /// so a member keeps their groups.
    /// </summary>
    private async Task RescopeAsync(Caller caller)
    {
        var reader = cluster.GetGrain<IBootcampReaderGrain>(IBootcampReaderGrain.Key);
        foreach (var (connectionId, _) in users.Of(caller.UserId))
        {
            foreach (var bootcampId in await BootcampsOfAsync(connectionId))
            {
                try
                {
                    await reader.RequireMemberAsync(caller, bootcampId);
                }
                catch (DomainException)
                {
                    await LeaveBootcampGroupsAsync(connectionId, bootcampId);
                }
            }
        }
    }

    private async Task<List<string>> BootcampsOfAsync(string connectionId)
    {
        await _gate.WaitAsync();
        try
        {
            return _byConnection.TryGetValue(connectionId, out var streams)
                ? [.. streams.Where(s => s.GetNamespace() == EventStreams.Bootcamp).Select(s => s.GetKeyAsString())]
                : [];
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task OnBootcampEventAsync(PushSender pushes, DomainEvent domainEvent)
    {
        foreach (var route in _liveRoutes)
        {
            if (route.Route(domainEvent) is { } push)
            {
                await pushes.EnqueueAsync(push);
            }
        }
        if (notifications.For(domainEvent) is { Audience: { } audience } delivery)
        {
            await pushes.EnqueueAsync(new Push(HubGroups.Bootcamp(domainEvent.BootcampId, audience), "notification", NotificationResponse.From(delivery.Notification)));
        }
    }
}
