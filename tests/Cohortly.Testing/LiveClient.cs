using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cohortly.Testing;

/// <summary>A real SignalR client on /hubs/notifications that records everything the server pushes to it.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly List<(string Method, JsonNode Payload)> _received = [];

    private LiveClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public static async Task<LiveClient> ConnectAsync(Uri baseAddress, string accessToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/notifications"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
            .Build();
        var client = new LiveClient(connection);
        foreach (var method in new[] { "notification", "chatMessage", "presence", "analytics" })
        {
            connection.On<JsonNode>(method, payload =>
            {
                lock (client._received)
                {
                    client._received.Add((method, payload));
                }
            });
        }
        await connection.StartAsync();
        // Start completes at the handshake; the server joins this connection's groups before it answers this.
        await connection.InvokeAsync<DateTimeOffset>("Ping");
        return client;
    }

    public IReadOnlyList<JsonNode> Received(string method)
    {
        lock (_received)
        {
            return [.. _received.Where(r => r.Method == method).Select(r => r.Payload)];
        }
    }

    public IReadOnlyList<string> NotificationKinds() => [.. Received("notification").Select(n => n["kind"]!.ToString())];

    /// <summary>Waits, with a deadline, for a push that matches.</summary>
    public async Task<JsonNode> WaitForAsync(string method, Func<JsonNode, bool> match, string what, int seconds = 15) =>
        (await Eventually.Until(
            () => Task.FromResult(Received(method).FirstOrDefault(match)),
            found => found is not null,
            TimeSpan.FromSeconds(seconds),
            what))!;

    public Task<JsonNode> WaitForNotificationAsync(string kind, string? bootcampId = null) =>
        WaitForAsync("notification", n => n["kind"]!.ToString() == kind && (bootcampId is null || n["bootcampId"]?.ToString() == bootcampId), $"a {kind} notification");

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
