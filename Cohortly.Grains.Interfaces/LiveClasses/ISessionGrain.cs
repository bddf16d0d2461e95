using System.Collections.Immutable;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.LiveClasses;

/// <summary>One live class, keyed by session id: its schedule, its room, its check-ins and its attendance.</summary>
[Alias("cohortly.live-classes.session")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Called by the bootcamp's sessions grain after it checked the instructor; a repeat with the same values is a no-op.</summary>
    [Alias("create")]
    Task<SessionSnapshot> CreateAsync(string bootcampId, SessionDetails details, string? seriesId, string createdBy);

    /// <summary>Members of the bootcamp and admins.</summary>
    [Alias("get")]
    Task<SessionSnapshot> GetAsync(Caller caller);

    /// <summary>Without an access check, for grains and feeds that checked already; null when there is no such session.</summary>
    [Alias("peek"), ReadOnly]
    Task<SessionSnapshot?> PeekAsync();

    /// <summary>Instructors of the bootcamp; members are told of a change of time or title.</summary>
    [Alias("update")]
    Task<SessionSnapshot> UpdateAsync(Caller caller, SessionPatch patch);

    /// <summary>Instructors of the bootcamp; cancelling twice changes nothing.</summary>
    [Alias("cancel")]
    Task CancelAsync(Caller caller);

    /// <summary>The code showing now (instructors of the bootcamp); a new one every <see cref="LiveClassRules.CodePeriod"/>.</summary>
    [Alias("check-in-code")]
    Task<CheckInCode> GetCheckInCodeAsync(Caller caller);

    /// <summary>A student of the bootcamp checks in with the code showing; checking in again keeps the first time.</summary>
    [Alias("check-in")]
    Task CheckInAsync(Caller caller, string code);

    /// <summary>A member's connection enters the room; answers who is in it.</summary>
    [Alias("join-room")]
    Task<ImmutableArray<RoomPresence>> JoinRoomAsync(Caller caller, string connectionId);

    /// <summary>A connection leaves (closed tab, lost network); unknown connections are ignored.</summary>
    [Alias("leave-room")]
    Task LeaveRoomAsync(string userId, string connectionId);

    /// <summary>Who is in the room now (members of the bootcamp).</summary>
    [Alias("presence")]
    Task<ImmutableArray<RoomPresence>> GetPresenceAsync(Caller caller);

    /// <summary>Staff of the bootcamp and admins: every student on the roster, by display name.</summary>
    [Alias("attendance")]
    Task<ImmutableArray<AttendanceEntry>> GetAttendanceAsync(Caller caller);

    /// <summary>Staff of the bootcamp and admins correct one student's status with a reason.</summary>
    [Alias("override-attendance")]
    Task<AttendanceEntry> OverrideAttendanceAsync(Caller caller, string userId, AttendanceStatus status, string reason);
}
