using System.Collections.Immutable;

namespace Cohortly.LiveClasses;

/// <summary>
/// Attendance from the room's join/leave events, the check-in and the thresholds in <see cref="LiveClassRules"/>. A pure
/// function of the set of events: their order and repeats change nothing, so re-processing the same events (a retried
/// leave, a reconnect reported twice) gives the same minutes.
/// </summary>
public static class AttendanceMath
{
    /// <summary>
    /// Time in the room inside [<paramref name="start"/>, <paramref name="end"/>]: each connection's join paired with its
    /// next leave (a second join before a leave is the same visit, a leave with no join is ignored), a connection still
    /// open counting until <paramref name="now"/>, and the visits of all connections merged so two tabs count once.
    /// </summary>
    public static TimeSpan TimeInRoom(IEnumerable<RoomEvent> events, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        var visits = new List<(DateTimeOffset From, DateTimeOffset To)>();
        foreach (var connection in events.Distinct().GroupBy(e => e.ConnectionId))
        {
            DateTimeOffset? open = null;
            foreach (var e in connection.OrderBy(e => e.At).ThenBy(e => e.Kind))
            {
                if (e.Kind == RoomEventKind.Join)
                {
                    open ??= e.At;
                }
                else if (open is { } from)
                {
                    visits.Add((from, e.At));
                    open = null;
                }
            }
            if (open is { } stillIn)
            {
                visits.Add((stillIn, now));
            }
        }
        var total = TimeSpan.Zero;
        DateTimeOffset? runFrom = null, runTo = null;
        foreach (var (from, to) in visits
            .Select(v => (From: Max(v.From, start), To: Min(v.To, end)))
            .Where(v => v.To > v.From)
            .OrderBy(v => v.From))
        {
            if (runTo is { } currentEnd && from <= currentEnd)
            {
                runTo = Max(currentEnd, to);
                continue;
            }
            if (runFrom is { } runStart)
            {
                total += runTo!.Value - runStart;
            }
            (runFrom, runTo) = (from, to);
        }
        if (runFrom is { } lastStart)
        {
            total += runTo!.Value - lastStart;
        }
        return total;
    }

    /// <summary>The first time this student showed up: in the room or by check-in.</summary>
    public static DateTimeOffset? ArrivedAt(IEnumerable<RoomEvent> events, DateTimeOffset? checkedInAt)
    {
        var joined = events.Where(e => e.Kind == RoomEventKind.Join).Select(e => (DateTimeOffset?)e.At).Min();
        return joined is null ? checkedInAt : checkedInAt is null ? joined : Min(joined.Value, checkedInAt.Value);
    }

    /// <summary>
    /// Attended means checked in, or in the room for at least <see cref="LiveClassRules.PresentPercentOfSession"/> % of the
    /// session; an attendee who arrived more than <see cref="LiveClassRules.LateAfter"/> after the start is late.
    /// </summary>
    public static AttendanceStatus StatusOf(SessionDetails session, TimeSpan inRoom, DateTimeOffset? arrivedAt, bool checkedIn)
    {
        var attended = checkedIn || inRoom.TotalMinutes * 100 >= LiveClassRules.PresentPercentOfSession * session.DurationMinutes;
        if (!attended || arrivedAt is null)
        {
            return AttendanceStatus.Absent;
        }
        return arrivedAt.Value > session.StartsAt + LiveClassRules.LateAfter ? AttendanceStatus.Late : AttendanceStatus.Present;
    }

    public static AttendanceEntry Entry(string userId, string displayName, SessionDetails session, ImmutableArray<RoomEvent> events,
        DateTimeOffset? checkedInAt, AttendanceOverride? correction, DateTimeOffset now)
    {
        var inRoom = TimeInRoom(events, session.StartsAt, session.EndsAt, now);
        var status = StatusOf(session, inRoom, ArrivedAt(events, checkedInAt), checkedInAt is not null);
        var sources = ImmutableArray.CreateBuilder<string>();
        if (!events.IsEmpty)
        {
            sources.Add("room");
        }
        if (checkedInAt is not null)
        {
            sources.Add("checkin");
        }
        if (correction is not null)
        {
            sources.Add("override");
        }
        return new AttendanceEntry(userId, displayName, correction?.Status ?? status, (int)Math.Floor(inRoom.TotalMinutes),
            sources.ToImmutable(), checkedInAt, correction);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
