using Cohortly.Common;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.LiveClasses;
using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;

namespace Cohortly.Frontend.LiveClasses;

public static class LiveClassesApi
{
    public static IEndpointRouteBuilder MapLiveClassesApi(this IEndpointRouteBuilder app)
    {
        var bootcamps = app.MapGroup("/api/bootcamps/{bootcampId}/sessions").WithTags("LiveClasses").RequireAuthorization().RequireFeature(LiveClassesSetup.Flag)
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        bootcamps.MapPost("/", ScheduleAsync).WithName("ScheduleSessions")
            .WithSummary("Schedule a live class, or a weekly series of them (instructors of the bootcamp).")
            .WithDescription("`startsAt` (UTC) is the first class; `timeZone` an IANA name (Europe/Berlin); `weeklyCount` (1–52, default 1) makes that many " +
                "classes a week apart at the same local time, so 09:00 Europe/Berlin stays 09:00 across a DST change. `durationMinutes` 5–720. " +
                "The bootcamp's members are notified of each class. 409 `too-many-sessions` past 500 classes in a bootcamp.")
            .ProducesProblems(StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        bootcamps.MapGet("/", ListAsync).WithName("ListSessions")
            .WithSummary("A bootcamp's live classes by start time, cancelled ones marked (members, admins).")
            .WithDescription("At most 500 per bootcamp, so the whole list in one answer. 403 for non-members, 404 for an unknown bootcamp.");

        var sessions = app.MapGroup("/api/sessions/{sessionId}").WithTags("LiveClasses").RequireAuthorization().RequireFeature(LiveClassesSetup.Flag)
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        sessions.MapGet("/", GetAsync).WithName("GetSession").WithSummary("One live class with the caller's join link (members, admins).")
            .WithDescription("`joinUrl` opens the class's live room page; `sequence` counts its moves and cancellation. 403 for non-members, 404 for an unknown id.");
        sessions.MapPatch("/", UpdateAsync).WithName("UpdateSession").WithSummary("Retitle, move or resize a class (instructors of the bootcamp).")
            .WithDescription("A merge patch: fields left out stay. Members are notified, and calendar feeds raise the event's SEQUENCE. 409 for a cancelled class.")
            .ProducesProblems(StatusCodes.Status409Conflict);
        sessions.MapDelete("/", CancelAsync).WithName("CancelSession").WithSummary("Cancel a class (instructors of the bootcamp); members are notified.")
            .WithDescription("The class stays listed as cancelled and shows as cancelled in calendar feeds. Cancelling twice changes nothing.");
        sessions.MapGet("/checkin-code", GetCheckInCodeAsync).WithName("GetCheckInCode")
            .WithSummary("The check-in code showing now, and its QR code (instructors of the bootcamp).")
            .WithDescription("A new code every 20 seconds, signed for this class only; the one before stays good for 20 more seconds. Check-in opens " +
                "15 minutes before the start and closes at the end (400 outside that). The QR code is a link to the class page with the code filled in.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict);
        sessions.MapPost("/checkins", CheckInAsync).WithName("CheckIn")
            .WithSummary("Check in with the code showing in the room (students of the bootcamp).")
            .WithDescription("201 once checked in; again with a current code, 201 and the first check-in time is kept. A wrong or expired code, or one of " +
                "another class → 400 with a field error on `code`; staff and non-members → 403.")
            .ProducesProblems(StatusCodes.Status409Conflict);
        sessions.MapGet("/presence", GetPresenceAsync).WithName("GetSessionPresence")
            .WithSummary("Who is in the class's live room now (members, admins).")
            .WithDescription("Entering and leaving happen over the hub (`JoinSessionRoom`, `LeaveSessionRoom`); changes are pushed as `sessionPresence`.");
        sessions.MapGet("/attendance", GetAttendanceAsync).WithName("GetAttendance")
            .WithSummary("Every enrolled student's attendance at this class (staff of the bootcamp, admins).")
            .WithDescription("Minutes in the live room (every connection's visits merged, clipped to the class), check-ins, and corrections. " +
                "Checked in, or in the room for half the class or more, is attended; arriving more than 10 minutes after the start is `late`; " +
                "otherwise `absent`. A staff correction replaces the status and is listed with who made it and why.");
        sessions.MapPut("/attendance/{userId}", SetAttendanceAsync).WithName("SetAttendance")
            .WithSummary("Correct one student's attendance with a reason (staff of the bootcamp, admins).")
            .WithDescription("`status` present|late|absent, `reason` (1–500 characters) kept with who made the correction and when. 404 for someone not enrolled.");

        var calendar = app.MapGroup("/api/me/calendar").WithTags("LiveClasses").RequireAuthorization().RequireFeature(LiveClassesSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound);
        calendar.MapGet("/", GetCalendarAsync).WithName("GetMyCalendarFeed").WithSummary("The caller's personal calendar feed URL.")
            .WithDescription("An `.ics` link with a secret token: every live class of the caller's bootcamps, for Google, Apple or Outlook calendars to subscribe to.");
        calendar.MapPost("/rotate", RotateCalendarAsync).WithName("RotateMyCalendarFeed").WithSummary("A new feed URL; the old one stops working at once.")
            .WithDescription("For a link that was shared by mistake. Calendars subscribed to the old link stop receiving updates.");
        app.MapGet("/calendar/{token}.ics", GetFeedAsync).WithTags("LiveClasses").AllowAnonymous().RequireFeature(LiveClassesSetup.Flag)
            .ProducesContent(StatusCodes.Status200OK, CalendarFeed.ContentType, "The live classes as iCalendar.")
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("GetCalendarFeed").WithSummary("A personal calendar feed (public: the token in the link is the key).")
            .WithDescription("RFC 5545: stable UIDs, SEQUENCE raised on every change, each class's VTIMEZONE, cancelled classes as STATUS:CANCELLED. " +
                "404 for an unknown or rotated token.");
        return app;
    }

    public static async Task<Ok<CalendarFeedResponse>> GetCalendarAsync([AsParameters] CallerContext context, PublicUrl publicUrl) =>
        TypedResults.Ok(FeedResponse(await context.Grain<ICalendarFeedGrain>(context.Caller.UserId).GetTokenAsync(), publicUrl));

    public static async Task<Ok<CalendarFeedResponse>> RotateCalendarAsync([AsParameters] CallerContext context, PublicUrl publicUrl) =>
        TypedResults.Ok(FeedResponse(await context.Grain<ICalendarFeedGrain>(context.Caller.UserId).RotateAsync(), publicUrl));

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetFeedAsync(string token, IClusterClient cluster, PublicUrl publicUrl)
    {
        var userId = token.Length is > 0 and <= 64 ? await cluster.GetGrain<ICalendarTokenGrain>(SecureTokens.Hash(token)).GetUserAsync() : null;
        var sessions = userId is null ? null : await cluster.GetGrain<ICalendarFeedGrain>(userId).ReadAsync(token);
        if (sessions is null)
        {
            return Problems.NotFound("calendar feed (the link may have been replaced)");
        }
        return TypedResults.Content(CalendarFeed.Write(sessions.Value, publicUrl.Base, DateTimeOffset.UtcNow), $"{CalendarFeed.ContentType}; charset=utf-8");
    }

    private static CalendarFeedResponse FeedResponse(string token, PublicUrl publicUrl) => new($"{publicUrl.Base}/calendar/{token}.ics");

    public static async Task<Results<Created<CreateSessionsResponse>, ValidationProblem>> ScheduleAsync(
        string bootcampId, CreateSessionsRequest request, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        errors.RequireText("title", request.Title, LiveClassRules.MaxTitleLength);
        errors.Require("startsAt", request.StartsAt);
        errors.Require("durationMinutes", request.DurationMinutes);
        errors.RequireText("timeZone", request.TimeZone, 64);
        if (request.WeeklyCount is < 1 or > LiveClassRules.MaxWeeklyCount)
        {
            errors.Add("weeklyCount", $"weeklyCount is between 1 and {LiveClassRules.MaxWeeklyCount}.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var details = new SessionDetails(request.Title!.Trim(), request.StartsAt!.Value.ToUniversalTime(), request.DurationMinutes!.Value, request.TimeZone!.Trim());
        errors.AddAll(LiveClassRules.Validate(details));
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        // Under an Idempotency-Key the ids come from the key, so a retry after a crash finishes the same series instead of making another.
        var requestId = Idempotency.RequestId(context.Http) ?? SecureTokens.NewId();
        var ids = await context.Grain<IBootcampSessionsGrain>(bootcampId).ScheduleAsync(context.Caller, requestId, details, request.WeeklyCount ?? 1);
        return TypedResults.Created($"/api/bootcamps/{bootcampId}/sessions", new CreateSessionsResponse(ids));
    }

    public static async Task<Ok<SessionResponse[]>> ListAsync(string bootcampId, [AsParameters] CallerContext context, PublicUrl publicUrl)
    {
        var sessions = await context.Grain<IBootcampSessionsGrain>(bootcampId).ListAsync(context.Caller);
        return TypedResults.Ok(sessions.Select(s => SessionResponse.From(s, publicUrl.Base)).ToArray());
    }

    public static async Task<Ok<SessionResponse>> GetAsync(string sessionId, [AsParameters] CallerContext context, PublicUrl publicUrl) =>
        TypedResults.Ok(SessionResponse.From(await context.Grain<ISessionGrain>(sessionId).GetAsync(context.Caller), publicUrl.Base));

    public static async Task<Results<Ok<SessionResponse>, ValidationProblem>> UpdateAsync(
        string sessionId, UpdateSessionRequest request, [AsParameters] CallerContext context, PublicUrl publicUrl)
    {
        var errors = new FieldErrors();
        if (request.Title is not null)
        {
            errors.RequireText("title", request.Title, LiveClassRules.MaxTitleLength);
        }
        if (request.TimeZone is not null && LiveClassRules.FindZone(request.TimeZone) is null)
        {
            errors.Add("timeZone", "timeZone is an IANA time zone name such as Europe/Berlin.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var patch = new SessionPatch(request.Title, request.StartsAt?.ToUniversalTime(), request.DurationMinutes, request.TimeZone);
        return TypedResults.Ok(SessionResponse.From(await context.Grain<ISessionGrain>(sessionId).UpdateAsync(context.Caller, patch), publicUrl.Base));
    }

    public static async Task<NoContent> CancelAsync(string sessionId, [AsParameters] CallerContext context)
    {
        await context.Grain<ISessionGrain>(sessionId).CancelAsync(context.Caller);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<CheckInCodeResponse>> GetCheckInCodeAsync(string sessionId, [AsParameters] CallerContext context, PublicUrl publicUrl)
    {
        var code = await context.Grain<ISessionGrain>(sessionId).GetCheckInCodeAsync(context.Caller);
        var link = $"{publicUrl.Base}/sessions/{Uri.EscapeDataString(sessionId)}?code={code.Code}";
        return TypedResults.Ok(new CheckInCodeResponse(code.Code, code.ExpiresAt, link, QrSvg(link)));
    }

    public static async Task<Results<Created<CheckInResponse>, ValidationProblem>> CheckInAsync(
        string sessionId, CheckInRequest request, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        if (!errors.RequireText("code", request.Code, 32))
        {
            return errors.ToProblem();
        }
        await context.Grain<ISessionGrain>(sessionId).CheckInAsync(context.Caller, request.Code!);
        return TypedResults.Created($"/api/sessions/{sessionId}/attendance/{context.Caller.UserId}",
            new CheckInResponse(sessionId, context.Caller.UserId, "checked-in"));
    }

    public static async Task<Ok<PresenceResponse[]>> GetPresenceAsync(string sessionId, [AsParameters] CallerContext context) =>
        TypedResults.Ok((await context.Grain<ISessionGrain>(sessionId).GetPresenceAsync(context.Caller)).Select(PresenceResponse.From).ToArray());

    public static async Task<Ok<AttendanceResponse[]>> GetAttendanceAsync(string sessionId, [AsParameters] CallerContext context) =>
        TypedResults.Ok((await context.Grain<ISessionGrain>(sessionId).GetAttendanceAsync(context.Caller)).Select(AttendanceResponse.From).ToArray());

    public static async Task<Results<Ok<AttendanceResponse>, ValidationProblem>> SetAttendanceAsync(
        string sessionId, string userId, SetAttendanceRequest request, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        var status = LiveClassRules.ParseStatus(request.Status);
        if (status is null)
        {
            errors.Add("status", "status is present, late or absent.");
        }
        errors.RequireText("reason", request.Reason, LiveClassRules.MaxReasonLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var entry = await context.Grain<ISessionGrain>(sessionId).OverrideAttendanceAsync(context.Caller, userId, status!.Value, request.Reason!.Trim());
        return TypedResults.Ok(AttendanceResponse.From(entry));
    }

    /// <summary>An SVG QR code: crisp at any size on a projector, and text the web app can put inline.</summary>
    private static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }
}
