using System.Collections.Immutable;

namespace Cohortly.LiveClasses;

/// <summary>What an instructor sets for one class: the wall-clock start is kept with its IANA zone, so a series keeps its local hour.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.live-classes.session-details")]
public sealed record SessionDetails(
    [property: Id(0)] string Title,
    [property: Id(1)] DateTimeOffset StartsAt,
    [property: Id(2)] int DurationMinutes,
    [property: Id(3)] string TimeZone)
{
    public DateTimeOffset EndsAt => StartsAt.AddMinutes(DurationMinutes);
}

/// <summary>A merge patch of a session: fields left null stay as they are.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.live-classes.session-patch")]
public sealed record SessionPatch(
    [property: Id(0)] string? Title,
    [property: Id(1)] DateTimeOffset? StartsAt,
    [property: Id(2)] int? DurationMinutes,
    [property: Id(3)] string? TimeZone);

/// <summary>
/// A session as its members see it. <see cref="Sequence"/> counts the changes that move or cancel it (the iCalendar
/// SEQUENCE), so calendars that follow the feed replace their copy.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.live-classes.session-snapshot")]
public sealed record SessionSnapshot(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string BootcampId,
    [property: Id(2)] SessionDetails Details,
    [property: Id(3)] bool Cancelled,
    [property: Id(4)] int Sequence,
    [property: Id(5)] string? SeriesId,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt);

/// <summary>The rotating code students type or scan to check in, and when it stops being accepted.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.live-classes.check-in-code")]
public sealed record CheckInCode(
    [property: Id(0)] string Code,
    [property: Id(1)] DateTimeOffset ExpiresAt);

/// <summary>One person in the live room now.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.live-classes.room-presence")]
public sealed record RoomPresence(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] DateTimeOffset Since);

public enum RoomEventKind
{
    Join = 0,
    Leave = 1,
}

/// <summary>A connection entering or leaving the room; a user with two tabs has two connections.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.live-classes.room-event")]
public sealed record RoomEvent(
    [property: Id(0)] string UserId,
    [property: Id(1)] string ConnectionId,
    [property: Id(2)] RoomEventKind Kind,
    [property: Id(3)] DateTimeOffset At);

public enum AttendanceStatus
{
    Absent = 0,
    Late = 1,
    Present = 2,
}

/// <summary>A staff member's correction of one student's attendance: who, why and when, kept with the entry.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.live-classes.attendance-override")]
public sealed record AttendanceOverride(
    [property: Id(0)] AttendanceStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] string ByUserId,
    [property: Id(3)] string ByDisplayName,
    [property: Id(4)] DateTimeOffset At);

/// <summary>One roster line of a session's attendance. <see cref="Sources"/>: <c>room</c>, <c>checkin</c>, <c>override</c>.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.live-classes.attendance-entry")]
public sealed record AttendanceEntry(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] AttendanceStatus Status,
    [property: Id(3)] int MinutesAttended,
    [property: Id(4)] ImmutableArray<string> Sources,
    [property: Id(5)] DateTimeOffset? CheckedInAt,
    [property: Id(6)] AttendanceOverride? Override);

/// <summary>
/// What a live class email says: <see cref="Kind"/> is <c>changed</c>, <c>cancelled</c> or <c>starting</c>; the times are
/// written in the class's own zone; <see cref="EventId"/> keys the emails, so a redelivered event sends nothing twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.live-classes.live-class-notice")]
public sealed record LiveClassNotice(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Kind,
    [property: Id(2)] string SessionId,
    [property: Id(3)] string BootcampTitle,
    [property: Id(4)] string Title,
    [property: Id(5)] string When,
    [property: Id(6)] string? WasWhen);
