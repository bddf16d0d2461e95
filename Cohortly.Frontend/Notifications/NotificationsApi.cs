using System.Globalization;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Notifications;

public static class NotificationsApi
{
    public const int AnnouncementTitleMax = 200;
    public const int AnnouncementBodyMax = 5000;

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        // Stateful reconnect stays off: it counts writes as messages, and the bridge writes several messages at once.
        // A connection lives no longer than the access token it was opened with: a session that ended (logout, password
        // reset) or a role that changed is noticed at the latest when the client must reconnect with a fresh token.
        app.MapHub<NotificationsHub>("/hubs/notifications", hub => hub.CloseOnAuthenticationExpiration = true);

        var inbox = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        inbox.MapGet("/", ListAsync).WithName("ListNotifications").WithSummary("The caller's inbox, newest first; `since` catches up after a reconnect.")
            .WithDescription("A page of the caller's notifications with the unread count; `unreadOnly` leaves read ones out, `since` keeps those created after a time. " +
                "The same notifications arrive live on the hub's `notification` message.");
        inbox.MapPost("/{notificationId}/read", MarkReadAsync).WithName("MarkNotificationRead").WithSummary("Mark one notification read.")
            .WithDescription("404 when the caller's inbox holds no such notification.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        inbox.MapPost("/read-all", MarkAllReadAsync).WithName("MarkAllNotificationsRead").WithSummary("Mark every notification read.")
            .WithDescription("Marks the caller's whole inbox read.");

        app.MapPost("/api/announcements", AnnounceAsync).RequireAuthorization().WithTags("Notifications")
            .WithName("Announce").WithSummary("Announce to everyone (admins) or to a bootcamp (its instructors, admins).")
            .WithDescription("Without `bootcampId`: everyone, admins only. With it: the bootcamp's members, by its instructors or admins (403 for others, 404 for an unknown bootcamp). " +
                "Accepted at once; delivered to inboxes and live connections shortly after.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)
            .WithIdempotencyKey();
        app.MapGet("/api/bootcamps/{bootcampId}/chat", ChatHistoryAsync).RequireAuthorization().WithTags("Notifications")
            .WithName("ChatHistory").WithSummary("A bootcamp's chat, newest last; `before` is a message sequence number or a time.")
            .WithDescription("Members of the bootcamp and admins (403 for others, 404 for an unknown bootcamp). At most `limit` (1–100, default 50) messages " +
                "before `before`; new messages arrive on the hub's `chatMessage` message.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        app.MapPost("/api/bootcamps/{bootcampId}/chat", SendChatMessageAsync).RequireAuthorization().WithTags("Notifications")
            .WithName("SendChatMessage").WithSummary("Post to a bootcamp's chat, as the hub's `SendChatMessage` does.")
            .WithDescription($"Members of the bootcamp and admins (403 for others, 404 for an unknown bootcamp). `text` has 1 to {IChatRoomGrain.MaxTextLength} characters; " +
                "@mentions of members notify them. The room gets the message on the hub's `chatMessage` message; 429 past the per-person rate.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests)
            .WithIdempotencyKey();
        app.MapPut("/api/mentors/me/availability", SetAvailabilityAsync).RequireAuthorization().WithTags("Notifications")
            .WithName("SetMentorAvailability").WithSummary("A mentor says they are (un)available; their students are told.")
            .WithDescription("Mentors only (403 for others). `until`, when given, is within the next seven days; students of the mentor's bootcamps get a `presence` message.")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        app.MapGet("/api/mentors/me/availability", GetAvailabilityAsync).RequireAuthorization().WithTags("Notifications")
            .WithName("GetMentorAvailability").WithSummary("The calling mentor's availability, as their switch should show it.")
            .WithDescription("Mentors only (403 for others). Stored, so a reload shows the truth; an `until` that has passed reads as unavailable.")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        app.MapGet("/api/bootcamps/{bootcampId}/mentors/presence", ListPresenceAsync).RequireAuthorization().WithTags("Notifications")
            .WithName("ListMentorPresence").WithSummary("The bootcamp's mentors and whether each is available now.")
            .WithDescription("Members of the bootcamp and admins (403 for others, 404 for an unknown bootcamp). Changes after this arrive on the hub's `presence` message.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<InboxResponse>, ValidationProblem>> ListAsync(
        bool? unreadOnly, DateTimeOffset? since, int? page, int? pageSize, [AsParameters] CallerContext context)
    {
        var paging = new PageRequest(page, pageSize);
        if (paging.Validate() is { Any: true } errors)
        {
            return errors.ToProblem();
        }
        var inbox = await Inbox(context).ListAsync(unreadOnly ?? false, since, paging.PageNumber, paging.Size);
        return TypedResults.Ok(new InboxResponse([.. inbox.Items.Select(NotificationResponse.From)], paging.PageNumber, paging.Size, inbox.Total, inbox.Unread));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(string notificationId, [AsParameters] CallerContext context) =>
        notificationId.Length <= 64 && await Inbox(context).MarkReadAsync(notificationId)
            ? TypedResults.NoContent()
            : Problems.NotFound("notification");

    public static async Task<NoContent> MarkAllReadAsync([AsParameters] CallerContext context)
    {
        await Inbox(context).MarkAllReadAsync();
        return TypedResults.NoContent();
    }

    public static async Task<Results<Accepted, ValidationProblem>> AnnounceAsync(AnnouncementRequest request, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        errors.RequireText("title", request.Title?.Trim(), AnnouncementTitleMax);
        if (string.IsNullOrWhiteSpace(request.Body) || request.Body.Length > AnnouncementBodyMax)
        {
            errors.Add("body", $"body is required, at most {AnnouncementBodyMax} characters.");
        }
        if (request.BootcampId is { Length: 0 or > 64 })
        {
            errors.Add("bootcampId", "bootcampId, when given, names a bootcamp.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        await context.Grain<IAnnouncerGrain>(0).AnnounceAsync(context.Caller, request.BootcampId, request.Title!.Trim(), request.Body!.Trim(),
            Idempotency.RequestId(context.Http));
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<Ok<ChatHistoryResponse>, ValidationProblem>> ChatHistoryAsync(
        string bootcampId, string? before, int? limit, [AsParameters] CallerContext context)
    {
        long? beforeSequence = null;
        DateTimeOffset? beforeTime = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                beforeSequence = sequence;
            }
            else if (DateTimeOffset.TryParse(before, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                beforeTime = time;
            }
            else
            {
                return FieldErrors.Of("before", "before is a message sequence number or an ISO-8601 time.").ToProblem();
            }
        }
        if (limit is < 1 or > 100)
        {
            return FieldErrors.Of("limit", "limit is between 1 and 100.").ToProblem();
        }
        var messages = await context.Grain<IChatRoomGrain>(bootcampId).HistoryAsync(context.Caller, beforeSequence, beforeTime, limit ?? 50);
        return TypedResults.Ok(new ChatHistoryResponse([.. messages.Select(ChatMessageResponse.From)]));
    }

    /// <summary>Checked as the hub checks it; the room decides membership and the rate, so both ways in answer alike.</summary>
    public static async Task<Results<Created<ChatMessageResponse>, ValidationProblem>> SendChatMessageAsync(
        string bootcampId, ChatMessageRequest request, [AsParameters] CallerContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > IChatRoomGrain.MaxTextLength)
        {
            return FieldErrors.Of("text", $"text is required, at most {IChatRoomGrain.MaxTextLength} characters.").ToProblem();
        }
        var text = request.Text.Trim();
        var mentioned = await context.Grain<IChatMentionResolverGrain>(IChatMentionResolverGrain.Key).ResolveAsync(bootcampId, text, context.Caller.UserId);
        var message = await context.Grain<IChatRoomGrain>(bootcampId).PostAsync(context.Caller, text, mentioned, Idempotency.RequestId(context.Http));
        return TypedResults.Created((string?)null, ChatMessageResponse.From(message));
    }

    public static async Task<Results<NoContent, ValidationProblem>> SetAvailabilityAsync(AvailabilityRequest request, [AsParameters] CallerContext context)
    {
        if (request.Available is null)
        {
            return FieldErrors.Of("available", "available is required.").ToProblem();
        }
        var caller = context.Caller;
        await context.Grain<IMentorAvailabilityGrain>(caller.UserId).SetAsync(caller, request.Available.Value, request.Until);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<AvailabilityResponse>> GetAvailabilityAsync([AsParameters] CallerContext context) =>
        TypedResults.Ok(AvailabilityResponse.From(await context.Grain<IMentorAvailabilityGrain>(context.Caller.UserId).GetOwnAsync(context.Caller)));

    public static async Task<Results<Ok<IReadOnlyList<MentorPresenceResponse>>, ProblemHttpResult>> ListPresenceAsync(
        string bootcampId, [AsParameters] CallerContext context)
    {
        if (bootcampId.Length > 64)
        {
            return Problems.NotFound("bootcamp");
        }
        var mentors = await context.Grain<IMentorPresenceReaderGrain>(IMentorPresenceReaderGrain.Key).ListAsync(context.Caller, bootcampId);
        return TypedResults.Ok<IReadOnlyList<MentorPresenceResponse>>([.. mentors.Select(MentorPresenceResponse.From)]);
    }

    private static INotificationInboxGrain Inbox(CallerContext context) => context.Grain<INotificationInboxGrain>(context.Caller.UserId);
}
