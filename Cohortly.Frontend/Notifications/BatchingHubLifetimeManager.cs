using System.Collections.Concurrent;
using Cohortly.Frontend.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Cohortly.Frontend.Notifications;

public static class BatchingHubLifetimeManagerRegistration
{
    /// <summary>Makes <typeparamref name="THub"/>'s connections go through a <see cref="BatchingHubLifetimeManager{THub}"/>, which can also be injected as such.</summary>
    public static IServiceCollection AddBatchingHubLifetimeManager<THub>(this IServiceCollection services)
        where THub : Hub
    {
        services.AddSingleton<BatchingHubLifetimeManager<THub>>();
        services.AddSingleton<HubLifetimeManager<THub>>(provider => provider.GetRequiredService<BatchingHubLifetimeManager<THub>>());
        return services;
    }
}

/// <summary>
/// SignalR's in-memory lifetime manager, plus one thing it lacks: writing several messages to a group as one write
/// per connection (<see cref="QueueBatchAsync"/>). A burst of announcements to 1,000 connections then costs one pipe
/// write, one transport wake-up and one socket send per connection for up to 16 announcements instead of one for
/// each (benchmarks/DOMAIN.md). It keeps its own copy of the membership because the base class's is private;
/// everything else is the base class's.
/// </summary>
public sealed class BatchingHubLifetimeManager<THub>(
    IHubProtocolResolver protocols,
    IOptions<EdgeOptions> edge,
    ILogger<BatchingHubLifetimeManager<THub>> log,
    ILogger<DefaultHubLifetimeManager<THub>> logger)
    : DefaultHubLifetimeManager<THub>(logger)
    where THub : Hub
{
    /// <summary>
    /// Every write wakes that connection's transport through the thread pool's queue. Writing to a whole bootcamp at
    /// once would put a thousand sends in front of everything else there (HTTP requests, grain calls, the stream
    /// bringing the next event), so a large group is written a slice at a time, going to the back of the queue in
    /// between.
    /// </summary>
    public const int WritesPerTurn = 64;

    private readonly HubConnectionStore _connections = new();
    private readonly ConcurrentDictionary<string, HubConnectionStore> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _groupsOfConnection = new(StringComparer.Ordinal);
    private readonly Lock _membership = new();

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        _connections.Add(connection);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        lock (_membership)
        {
            _connections.Remove(connection);
            if (_groupsOfConnection.Remove(connection.ConnectionId, out var groups))
            {
                foreach (var group in groups)
                {
                    RemoveFromStore(group, connection);
                }
            }
        }
        await base.OnDisconnectedAsync(connection);
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await base.AddToGroupAsync(connectionId, groupName, cancellationToken);
        lock (_membership)
        {
            // Looked up under the lock: a connection that is leaving meanwhile must not be added after its clean-up.
            if (_connections[connectionId] is not { } connection)
            {
                return;
            }
            if (!_groupsOfConnection.TryGetValue(connectionId, out var groups))
            {
                _groupsOfConnection[connectionId] = groups = new(StringComparer.Ordinal);
            }
            if (groups.Add(groupName))
            {
                _groups.GetOrAdd(groupName, _ => new HubConnectionStore()).Add(connection);
            }
        }
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await base.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
        lock (_membership)
        {
            if (_connections[connectionId] is { } connection
                && _groupsOfConnection.TryGetValue(connectionId, out var groups) && groups.Remove(groupName))
            {
                RemoveFromStore(groupName, connection);
            }
        }
    }

    /// <summary>How many connections this front end holds.</summary>
    public int Count => _connections.Count;

    /// <summary>Closes a connection from outside its hub, e.g. when its session ended elsewhere; nothing when it is not here.</summary>
    public void Abort(string connectionId) => _connections[connectionId]?.Abort();

    /// <summary>
    /// Writes <paramref name="messages"/>, in order, to every connection of <paramref name="groupName"/> (every
    /// connection when it is null) as one write each. Returns once every connection has the batch in its write queue,
    /// so a batch queued after this one reaches each connection after it, with a task that completes when every
    /// connection has taken it or has been dropped for not taking it within <see cref="EdgeOptions.PushWriteTimeout"/>.
    /// </summary>
    public async Task<Task> QueueBatchAsync(string? groupName, IReadOnlyList<InvocationMessage> messages)
    {
        var connections = groupName is null ? _connections : _groups.GetValueOrDefault(groupName);
        if (connections is null || connections.Count == 0 || messages.Count == 0)
        {
            return Task.CompletedTask;
        }
        var serialized = messages.Count == 1 ? new SerializedHubMessage(messages[0]) : Concatenated(messages);
        List<Task>? pending = null;
        var written = 0;
        foreach (var connection in connections)
        {
            // A failed write aborts that connection inside SignalR; it does not throw here.
            var write = connection.WriteAsync(serialized);
            if (!write.IsCompletedSuccessfully)
            {
                (pending ??= []).Add(DropIfNotTakenAsync(connection, write));
            }
            if (++written % WritesPerTurn == 0)
            {
                await Task.Yield();
            }
        }
        return pending is null ? Task.CompletedTask : Task.WhenAll(pending);
    }

    /// <summary>
    /// A client that stops reading fills its socket buffers and then its pipe, and its write then waits for ever, holding
    /// up the stream's pump and so everyone else's pushes. Past the timeout the connection is aborted, which also ends
    /// the waiting write.
    /// </summary>
    private async Task DropIfNotTakenAsync(HubConnectionContext connection, ValueTask write)
    {
        var timeout = edge.Value.PushWriteTimeout;
        try
        {
            await write.AsTask().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            log.LogWarning("Live connection {ConnectionId} took no push for {Timeout}: dropped", connection.ConnectionId, timeout);
            connection.Abort();
        }
    }

    /// <summary>
    /// Every SignalR protocol frames its messages itself (JSON ends each with a record separator, MessagePack
    /// prefixes its length), so messages written back to back read as separate messages on the client: the same
    /// bytes the transport sends anyway when several writes meet in a connection's pipe. That only breaks stateful
    /// reconnect, which counts writes as messages; the hub does not enable it.
    /// </summary>
    private SerializedHubMessage Concatenated(IReadOnlyList<InvocationMessage> messages)
    {
        var perProtocol = new List<SerializedMessage>(protocols.AllProtocols.Count);
        foreach (var protocol in protocols.AllProtocols)
        {
            var parts = messages.Select(protocol.GetMessageBytes).ToList();
            var bytes = new byte[parts.Sum(p => p.Length)];
            var offset = 0;
            foreach (var part in parts)
            {
                part.Span.CopyTo(bytes.AsSpan(offset));
                offset += part.Length;
            }
            perProtocol.Add(new SerializedMessage(protocol.Name, bytes));
        }
        return new SerializedHubMessage(perProtocol);
    }

    private void RemoveFromStore(string groupName, HubConnectionContext connection)
    {
        if (_groups.TryGetValue(groupName, out var store))
        {
            store.Remove(connection);
            if (store.Count == 0)
            {
                _groups.TryRemove(groupName, out _);
            }
        }
    }
}
