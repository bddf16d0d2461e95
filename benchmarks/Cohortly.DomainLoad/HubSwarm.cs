using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cohortly.DomainLoad;

/// <summary>
/// Many real SignalR client connections to one hub, each with a handler for <c>notification</c> that reports to the
/// caller's <see cref="DeliveryTracker"/>. They negotiate and then use WebSockets, as the web app does, so
/// connecting goes through the same authentication and OnConnected work as a browser's.
/// </summary>
public sealed class HubSwarm : IAsyncDisposable
{
    private readonly HubConnection[] _connections;
    private readonly ConcurrentDictionary<string, int> _closedReasons = new();
    private int _closed;
    private volatile bool _stopping;

    private HubSwarm(string name, int count)
    {
        Name = name;
        _connections = new HubConnection[count];
    }

    public string Name { get; }

    public int Count => _connections.Length;

    /// <summary>Connections the server or the transport closed while the scenario ran (none should be).</summary>
    public int Closed => Volatile.Read(ref _closed);

    public IReadOnlyDictionary<string, int> ClosedReasons => _closedReasons;

    /// <summary>Per connection: from StartAsync to connected (negotiate, WebSocket upgrade, handshake, OnConnected).</summary>
    public LatencySummary ConnectTimes { get; private set; } = LatencySummary.Of([]);

    public TimeSpan ConnectWall { get; private set; }

    public int ConnectRetries { get; private set; }

    /// <summary>
    /// Opens <paramref name="count"/> connections, a few at a time. <paramref name="onNotification"/> gets the
    /// connection's index and the message; it runs on that connection's receive loop, so it must be quick.
    /// </summary>
    public static async Task<HubSwarm> ConnectAsync(
        string name, Uri hubUrl, int count, Func<int, string?> tokenFor, Action<int, JsonElement> onNotification, int parallelism)
    {
        var swarm = new HubSwarm(name, count);
        var times = new long[count];
        var retries = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, cancellationToken) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                var connection = swarm.Build(hubUrl, tokenFor(i), i, onNotification);
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await connection.StartAsync(cancellationToken);
                    times[i] = Stopwatch.GetTimestamp() - start;
                    swarm._connections[i] = connection;
                    return;
                }
                catch (Exception exception) when (attempt < 3 && exception is HttpRequestException or TimeoutException or System.Net.WebSockets.WebSocketException or InvalidOperationException)
                {
                    Interlocked.Increment(ref retries);
                    Console.WriteLine($"  {name}: connection {i} failed to start ({exception.GetType().Name}: {exception.Message}); retrying");
                    await connection.DisposeAsync();
                }
            }
        });
        swarm.ConnectWall = clock.Elapsed;
        swarm.ConnectTimes = LatencySummary.Of(times);
        swarm.ConnectRetries = retries;
        return swarm;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await Parallel.ForEachAsync(_connections.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (connection, _) => await connection.DisposeAsync());
    }

    private HubConnection Build(Uri hubUrl, string? token, int index, Action<int, JsonElement> onNotification)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
        connection.On<JsonElement>("notification", message => onNotification(index, message));
        connection.Closed += exception =>
        {
            if (_stopping)
            {
                return Task.CompletedTask;
            }
            Interlocked.Increment(ref _closed);
            _closedReasons.AddOrUpdate(exception?.Message ?? "closed without an error", 1, (_, n) => n + 1);
            return Task.CompletedTask;
        };
        return connection;
    }
}
