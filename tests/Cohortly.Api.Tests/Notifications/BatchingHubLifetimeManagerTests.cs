using System.Net;
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

    private BatchingHubLifetimeManager<RoomHub> Manager => _app.Services.GetRequiredService<BatchingHubLifetimeManager<RoomHub>>();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddSignalR();
        builder.Services.AddBatchingHubLifetimeManager<RoomHub>();
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
