using System.Threading.RateLimiting;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Frontend.Accounts;
using Cohortly.Notifications;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Cohortly.Frontend.Notifications;

/// <summary>
/// <c>/hubs/notifications</c>: live notifications, chat and presence. Authenticated with the same JWT as the
/// REST API; every method checks membership on the server.
/// </summary>
[Authorize]
public sealed partial class NotificationsHub(IClusterClient cluster, NotificationBridge bridge, UserConnections users) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var userId = Context.User!.UserIdOf();
        var sessionId = Context.User!.FindFirst(CallerClaims.SessionId)?.Value ?? "";
        users.Add(userId, Context.ConnectionId, sessionId);
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.User(userId));
        await bridge.WatchAsync(Context.ConnectionId, NotificationBridge.UserStream(userId));
        // Listening first, then asking: a session that ends from here on is heard on the stream, and one that ended
        // before (a logged-out token still inside its 15 minutes) is refused now.
        if (await cluster.GetGrain<IUserGrain>(userId).GetAccessContextAsync(sessionId) is null)
        {
            Context.Abort();
            return;
        }
        await bridge.WatchAsync(Context.ConnectionId, NotificationBridge.EveryoneStream);
        foreach (var membership in await cluster.GetGrain<IUserMembershipsGrain>(userId).ListAsync())
        {
            await bridge.JoinBootcampGroupsAsync(Context.ConnectionId, membership.BootcampId, membership.Role);
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        users.Remove(Context.ConnectionId);
        await bridge.ForgetAsync(Context.ConnectionId);
        await LeaveSessionRoomsAsync();
    }

    /// <summary>
    /// Answers once the connection is fully set up: a client's start completes at the handshake, before the server
    /// has joined its groups, but invocations are only dispatched after that. A client that must not miss a push
    /// sent right after connecting awaits this (the web app catches up from the inbox instead).
    /// </summary>
    public DateTimeOffset Ping() => DateTimeOffset.UtcNow;

    /// <summary>Joins the bootcamp's chat room (and its live feed); members and admins only.</summary>
    public async Task JoinBootcamp(string bootcampId)
    {
        if (string.IsNullOrWhiteSpace(bootcampId) || bootcampId.Length > 64)
        {
            throw new HubException("bootcampId is required.");
        }
        var caller = await CurrentCallerAsync();
        MemberRole role;
        try
        {
            role = await cluster.GetGrain<IBootcampReaderGrain>(IBootcampReaderGrain.Key).RequireMemberAsync(caller, bootcampId);
        }
        catch (DomainException refused)
        {
            // HubException is the one exception whose message reaches the client.
            throw new HubException(refused.Message);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Chat(bootcampId));
        await bridge.JoinBootcampGroupsAsync(Context.ConnectionId, bootcampId, role);
    }

    public async Task SendChatMessage(string bootcampId, string text)
    {
        if (string.IsNullOrWhiteSpace(bootcampId) || bootcampId.Length > 64)
        {
            throw new HubException("bootcampId is required.");
        }
        if (string.IsNullOrWhiteSpace(text) || text.Length > IChatRoomGrain.MaxTextLength)
        {
            throw new HubException($"A message has 1 to {IChatRoomGrain.MaxTextLength} characters.");
        }
        try
        {
            var caller = await CurrentCallerAsync();
            var mentioned = await cluster.GetGrain<IChatMentionResolverGrain>(IChatMentionResolverGrain.Key).ResolveAsync(bootcampId, text.Trim(), caller.UserId);
            await cluster.GetGrain<IChatRoomGrain>(bootcampId).PostAsync(caller, text, mentioned);
        }
        catch (DomainException refused)
        {
            // HubException is the one exception whose message reaches the client.
            throw new HubException(refused.Message);
        }
    }

    /// <summary>
    /// The caller as the user grain knows them now, not as the token said at connect: a demoted admin must not join
    /// rooms with the role they had. A session that has ended closes the connection.
    /// </summary>
    private async Task<Caller> CurrentCallerAsync()
    {
        var user = Context.User!;
        var access = user.FindFirst(CallerClaims.SessionId)?.Value is { } sessionId
            ? await cluster.GetGrain<IUserGrain>(user.UserIdOf()).GetAccessContextAsync(sessionId)
            : null;
        if (access is null)
        {
            Context.Abort();
            throw new HubException("Your session has ended; sign in again.");
        }
        return new Caller(access.UserId, access.DisplayName, access.Roles);
    }
}

/// <summary>
/// Limits how often one connection may call hub methods, before any grain is touched: a misbehaving client
/// cannot turn its socket into a load generator.
/// </summary>
public sealed class HubRateLimitFilter : IHubFilter
{
    public const int CallsPerWindow = 20;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private const string LimiterKey = "cohortly.rate-limiter";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var items = invocationContext.Context.Items;
        if (!items.TryGetValue(LimiterKey, out var value) || value is not RateLimiter limiter)
        {
            limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = CallsPerWindow, Window = Window, QueueLimit = 0 });
            items[LimiterKey] = limiter;
        }
        using var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            throw new HubException($"Too many calls: at most {CallsPerWindow} every {Window.TotalSeconds:0} seconds.");
        }
        return await next(invocationContext);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.Items.TryGetValue(LimiterKey, out var value) && value is IDisposable limiter)
        {
            limiter.Dispose();
        }
        return next(context, exception);
    }
}
