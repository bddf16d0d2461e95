using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.LiveClasses;

namespace Cohortly.Frontend.LiveClasses;

public sealed record CreateSessionsRequest(string? Title, DateTimeOffset? StartsAt, int? DurationMinutes, string? TimeZone, int? WeeklyCount);

public sealed record CreateSessionsResponse(IReadOnlyList<string> SessionIds);

public sealed record UpdateSessionRequest(string? Title, DateTimeOffset? StartsAt, int? DurationMinutes, string? TimeZone);

/// <summary>A live class; <c>joinUrl</c> is the caller's way in (the session's live room page).</summary>
public sealed record SessionResponse(
    string SessionId,
    string BootcampId,
    string Title,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int DurationMinutes,
    string TimeZone,
    [property: EnumValues("scheduled", "cancelled")] string Status,
    int Sequence,
    string? SeriesId,
    string JoinUrl)
{
    public static SessionResponse From(SessionSnapshot s, string publicUrl) =>
        new(s.SessionId, s.BootcampId, s.Details.Title, s.Details.StartsAt, s.Details.EndsAt, s.Details.DurationMinutes, s.Details.TimeZone,
            s.Cancelled ? "cancelled" : "scheduled", s.Sequence, s.SeriesId, $"{publicUrl}/sessions/{Uri.EscapeDataString(s.SessionId)}");
}

/// <summary>The code showing now, when it turns, and the same as a QR code (SVG) of the check-in link with the code in it.</summary>
public sealed record CheckInCodeResponse(string Code, DateTimeOffset ExpiresAt, string CheckInUrl, string QrSvg);

public sealed record CheckInRequest(string? Code);

public sealed record CheckInResponse(string SessionId, string UserId, [property: EnumValues("checked-in")] string Status);

public sealed record PresenceResponse(string UserId, string DisplayName, DateTimeOffset Since)
{
    public static PresenceResponse From(RoomPresence p) => new(p.UserId, p.DisplayName, p.Since);
}

public sealed record AttendanceOverrideResponse(
    [property: EnumValues("present", "late", "absent")] string Status, string Reason, string ByUserId, string ByDisplayName, DateTimeOffset At);

public sealed record AttendanceResponse(
    string UserId,
    string DisplayName,
    [property: EnumValues("present", "late", "absent")] string Status,
    int MinutesAttended,
    [property: EnumValues("room", "checkin", "override")] IReadOnlyList<string> Sources,
    DateTimeOffset? CheckedInAt,
    AttendanceOverrideResponse? Override)
{
    public static AttendanceResponse From(AttendanceEntry e) =>
        new(e.UserId, e.DisplayName, LiveClassRules.StatusName(e.Status), e.MinutesAttended, e.Sources, e.CheckedInAt,
            e.Override is { } o ? new AttendanceOverrideResponse(LiveClassRules.StatusName(o.Status), o.Reason, o.ByUserId, o.ByDisplayName, o.At) : null);
}

public sealed record SetAttendanceRequest([property: EnumValues("present", "late", "absent")] string? Status, string? Reason);

/// <summary>Live push <c>sessionPresence</c> to the connections in a session's room.</summary>
public sealed record SessionPresenceMessage(string SessionId, string UserId, string DisplayName, bool Present, DateTimeOffset At);

/// <summary>Live push <c>sessionCheckin</c> to the connections in a session's room.</summary>
public sealed record SessionCheckInMessage(string SessionId, string UserId, string DisplayName, DateTimeOffset At);

/// <summary>The caller's personal <c>.ics</c> link.</summary>
public sealed record CalendarFeedResponse(string FeedUrl);
