using System.Collections.Immutable;
using Cohortly.Common;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.LiveClasses;
using Cohortly.LiveClasses;
using Microsoft.AspNetCore.SignalR;
using Microsoft.FeatureManagement;

namespace Cohortly.Frontend.Notifications;

/// <summary>The live room's hub methods, kept with the LiveClasses feature.</summary>
public sealed partial class NotificationsHub
{
    private const string RoomsItem = "cohortly.live-rooms";

    /// <summary>
    /// Enters a class's live room (members and admins, as the session grain decides): the room records the visit for
    /// attendance, this connection gets the room's <c>sessionPresence</c> and <c>sessionCheckin</c> pushes, and the answer
    /// is who is in the room now. A closed connection leaves every room it entered.
    /// </summary>
    public async Task<PresenceResponse[]> JoinSessionRoom(string sessionId)
    {
        RequireSessionId(sessionId);
        await RequireLiveClassesAsync();
        var caller = await CurrentCallerAsync();
        var session = cluster.GetGrain<ISessionGrain>(sessionId);
        ImmutableArray<RoomPresence> present;
        string bootcampId;
        try
        {
            bootcampId = (await session.GetAsync(caller)).BootcampId;
            // In the group and listening first, so a presence change right after the join is not missed.
            await Groups.AddToGroupAsync(Context.ConnectionId, LiveClassesLiveRoute.Room(sessionId));
            await bridge.WatchAsync(Context.ConnectionId, NotificationBridge.BootcampStream(bootcampId));
            present = await session.JoinRoomAsync(caller, Context.ConnectionId);
        }
        catch (DomainException refused)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveClassesLiveRoute.Room(sessionId));
            // HubException is the one exception whose message reaches the client.
            throw new HubException(refused.Message);
        }
        lock (Context.Items)
        {
            if (!Context.Items.TryGetValue(RoomsItem, out var rooms) || rooms is not HashSet<string>)
            {
                Context.Items[RoomsItem] = new HashSet<string>();
            }
            ((HashSet<string>)Context.Items[RoomsItem]!).Add(sessionId);
        }
        return [.. present.Select(PresenceResponse.From)];
    }

    /// <summary>Leaves a class's live room; leaving a room this connection is not in changes nothing.</summary>
    public async Task LeaveSessionRoom(string sessionId)
    {
        RequireSessionId(sessionId);
        lock (Context.Items)
        {
            if (Context.Items.TryGetValue(RoomsItem, out var rooms) && rooms is HashSet<string> set)
            {
                set.Remove(sessionId);
            }
        }
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveClassesLiveRoute.Room(sessionId));
        await cluster.GetGrain<ISessionGrain>(sessionId).LeaveRoomAsync(Context.User!.UserIdOf(), Context.ConnectionId);
    }

    /// <summary>Called when the connection closes: a tab closed or a network lost is a leave.</summary>
    private async Task LeaveSessionRoomsAsync()
    {
        string[] rooms;
        lock (Context.Items)
        {
            rooms = Context.Items.TryGetValue(RoomsItem, out var value) && value is HashSet<string> set ? [.. set] : [];
        }
        var userId = Context.User!.UserIdOf();
        await Task.WhenAll(rooms.Select(sessionId => cluster.GetGrain<ISessionGrain>(sessionId).LeaveRoomAsync(userId, Context.ConnectionId)));
    }

    private static void RequireSessionId(string sessionId)
    {
        if (string.IsNullOrWhiteSpace(sessionId) || sessionId.Length > 80)
        {
            throw new HubException("sessionId is required.");
        }
    }

    private async Task RequireLiveClassesAsync()
    {
        if (!await Context.GetHttpContext()!.RequestServices.GetRequiredService<IFeatureManager>().IsEnabledAsync(LiveClassesSetup.Flag))
        {
            throw new HubException("Live classes are switched off.");
        }
    }
}
