using System.Net;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Notifications;
using Cohortly.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cohortly.Api.Tests.Notifications;

/// <summary>
/// The lifetime manager the notification hub's pushes go through, in a bare ASP.NET Core app with real SignalR clients
/// over WebSockets: a batch written as one write per connection must still arrive as separate messages, in order, to
/// exactly the group's members, as the connections come and go.
/// </summary>
public sealed class BatchingHubLifetimeManagerTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _hubAddress = null!;
    private readonly List<HubConnection> _clients = [];

    public sealed class RoomHub : Hub
    {
        public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

        public Task Leave(string group) => Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
    }

    private static readonly TimeSpan PushWriteTimeout = TimeSpan.FromSeconds(1);

    private BatchingHubLifetimeManager<RoomHub> Manager => _app.Services.GetRequiredService<BatchingHubLifetimeManager<RoomHub>>();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddSignalR();
        builder.Services.AddBatchingHubLifetimeManager<RoomHub>();
        builder.Services.Configure<EdgeOptions>(edge => edge.PushWriteTimeout = PushWriteTimeout);
        _app = builder.Build();
        _app.UseWebSockets();
        _app.MapHub<RoomHub>("/room");
        await _app.StartAsync();
        _hubAddress = new Uri(new Uri(_app.Urls.Single()), "/room");
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ABatchArrivesAsSeparateMessagesInOrderAtEveryMemberOfTheGroupAndNowhereElse()
    {
        var (ann, annHeard) = await ConnectAsync();
        var (ben, benHeard) = await ConnectAsync();
        var (_, carlHeard) = await ConnectAsync();
        await ann.InvokeAsync("Join", "room-1");
        await ben.InvokeAsync("Join", "room-1");

        await SendBatchAsync("room-1", [Say("first"), Say("second"), Say("third")]);
        await SendBatchAsync(null, [Say("to everyone")]);

        string[] expected = ["first", "second", "third", "to everyone"];
        await Heard(annHeard, expected);
        await Heard(benHeard, expected);
        await Heard(carlHeard, ["to everyone"]);
    }

    [Fact]
    public async Task AConnectionThatLeftTheGroupGetsNothingMoreAHungUpOneHoldsNobodyUpAndTheUsualGroupSendStillWorks()
    {
        var (ann, annHeard) = await ConnectAsync();
        var (ben, benHeard) = await ConnectAsync();
        var (carl, carlHeard) = await ConnectAsync();
        foreach (var client in new[] { ann, ben, carl })
        {
            await client.InvokeAsync("Join", "room-2");
        }
        await ann.InvokeAsync("Leave", "room-2");
        await carl.StopAsync();

        await SendBatchAsync("room-2", [Say("after they left"), Say("and again")]);
        await _app.Services.GetRequiredService<IHubContext<RoomHub>>().Clients.Group("room-2").SendAsync("say", "the usual way");
        await SendBatchAsync(null, [Say("to everyone")]);

        await Heard(benHeard, ["after they left", "and again", "the usual way", "to everyone"]);
        await Heard(annHeard, ["to everyone"]);
        Assert.Empty(carlHeard);
    }

    [Fact]
    public async Task AClientThatStopsReadingIsDroppedAfterTheWriteTimeoutAndEveryoneElseKeepsGettingEverything()
    {
        var (_, readerHeard) = await ConnectAsync();
        using var stalled = await ConnectWithoutReadingAsync();
        // It keeps pinging, as a live client would, so only its reading has stopped.
        using var stopPinging = new CancellationTokenSource();
        var pinging = PingUntilAsync(stalled, stopPinging.Token);
        var chunk = new string('x', 32 * 1024);

        // 24 MB in all: more than the stalled client's socket buffers and pipe hold, so its writes stop completing.
        const int Batches = 48;
        var sent = new List<string>();
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        for (var batch = 0; batch < Batches; batch++)
        {
            var messages = Enumerable.Range(0, 16).Select(i => $"{batch}.{i}:{chunk}").ToList();
            sent.AddRange(messages);
            // What the push pump does: one batch taken by every connection (or dropped) before the next.
            var taken = await Manager.QueueBatchAsync(null, [.. messages.Select(Say)]);
            await taken.WaitAsync(TimeSpan.FromSeconds(10));
        }
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(20), $"The pushes took {elapsed.Elapsed} with a stalled reader");

        await Eventually.Until(() => Task.FromResult(Snapshot(readerHeard).Count), count => count == sent.Count, TimeSpan.FromSeconds(20), "every push at the reading client");
        Assert.Equal(sent, Snapshot(readerHeard));
        await stopPinging.CancelAsync();
        await pinging;
        // Reading now, the stalled client finds its connection ended by the server.
        Assert.True(await EndedWithinAsync(stalled, TimeSpan.FromSeconds(20)), "The stalled connection is still open");
    }

    /// <summary>A raw WebSocket that completes the SignalR handshake and then reads nothing.</summary>
    private async Task<System.Net.WebSockets.ClientWebSocket> ConnectWithoutReadingAsync()
    {
        var socket = new System.Net.WebSockets.ClientWebSocket();
        var address = new UriBuilder(_hubAddress) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(address, CancellationToken.None);
        await SendFrameAsync(socket, """{"protocol":"json","version":1}""");
        // The handshake's answer is the one thing it reads; the server counts it connected after sending it.
        var buffer = new byte[1024];
        await socket.ReceiveAsync(buffer, CancellationToken.None);
        await Eventually.Until(() => Task.FromResult(Manager.Count), count => count == 2, TimeSpan.FromSeconds(10), "both connections registered");
        return socket;
    }

    private static async Task PingUntilAsync(System.Net.WebSockets.ClientWebSocket socket, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && socket.State == System.Net.WebSockets.WebSocketState.Open)
            {
                await SendFrameAsync(socket, """{"type":6}""");
                await Task.Delay(500, stop);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
            // Stopped, or the server has ended the connection: either way pinging is over.
        }
    }

    private static Task SendFrameAsync(System.Net.WebSockets.ClientWebSocket socket, string json) =>
        socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(json + "\u001e"), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Drains what the server had sent; true when the connection then ends rather than stays open.</summary>
    private static async Task<bool> EndedWithinAsync(System.Net.WebSockets.ClientWebSocket socket, TimeSpan deadline)
    {
        var buffer = new byte[64 * 1024];
        using var giveUp = new CancellationTokenSource(deadline);
        try
        {
            while ((await socket.ReceiveAsync(buffer, giveUp.Token)).MessageType != System.Net.WebSockets.WebSocketMessageType.Close)
            {
            }
            return true;
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Queues the batch, then waits until every connection has taken it.</summary>
    private async Task SendBatchAsync(string? group, IReadOnlyList<InvocationMessage> messages) =>
        await await Manager.QueueBatchAsync(group, messages);

    private static InvocationMessage Say(string text) => new("say", [text]);

    private static async Task Heard(List<string> heard, string[] expected)
    {
        // The last message is the marker: once it is there, anything else sent before it has arrived too.
        await Eventually.Until(() => Task.FromResult(Snapshot(heard)), seen => seen.Contains(expected[^1]), TimeSpan.FromSeconds(10), $"\"{expected[^1]}\"");
        Assert.Equal(expected, Snapshot(heard));
    }

    private static List<string> Snapshot(List<string> heard)
    {
        lock (heard)
        {
            return [.. heard];
        }
    }

    private async Task<(HubConnection Client, List<string> Heard)> ConnectAsync()
    {
        var client = new HubConnectionBuilder()
            .WithUrl(_hubAddress, options => options.Transports = HttpTransportType.WebSockets)
            .Build();
        var heard = new List<string>();
        client.On<string>("say", text =>
        {
            lock (heard)
            {
                heard.Add(text);
            }
        });
        _clients.Add(client);
        await client.StartAsync();
        return (client, heard);
    }
}
