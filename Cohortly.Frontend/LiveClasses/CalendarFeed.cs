using Cohortly.LiveClasses;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Cohortly.Frontend.LiveClasses;

/// <summary>
/// A user's live classes as iCalendar (RFC 5545) through Ical.Net: one VEVENT per session with a UID that never changes,
/// SEQUENCE = the session's change count so calendars replace their copy, start and end in the class's own zone with
/// its VTIMEZONE, and cancelled classes kept as STATUS:CANCELLED so subscribed calendars drop them.
/// </summary>
public static class CalendarFeed
{
    public const string ContentType = "text/calendar";

    public static string Write(IEnumerable<SessionSnapshot> sessions, string publicUrl, DateTimeOffset now)
    {
        var calendar = new Calendar { ProductId = "-//Cohortly//Live classes//EN" };
        calendar.AddProperty("X-WR-CALNAME", "Cohortly live classes");
        var list = sessions.ToList();
        foreach (var zone in list.Select(s => s.Details.TimeZone).Distinct(StringComparer.Ordinal))
        {
            // Rules from the earliest class on, so every event's local time resolves in any reader.
            var earliest = list.Where(s => s.Details.TimeZone == zone).Min(s => s.Details.StartsAt).UtcDateTime;
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone, earliest, includeHistoricalData: false));
        }
        foreach (var session in list)
        {
            var details = session.Details;
            var zone = LiveClassRules.FindZone(details.TimeZone) ?? TimeZoneInfo.Utc;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{session.SessionId}@cohortly",
                Summary = details.Title,
                Description = session.Cancelled ? "This class was cancelled." : $"Join the live class: {Link(session, publicUrl)}",
                Url = new Uri(Link(session, publicUrl)),
                DtStart = new CalDateTime(TimeZoneInfo.ConvertTime(details.StartsAt, zone).DateTime, details.TimeZone),
                DtEnd = new CalDateTime(TimeZoneInfo.ConvertTime(details.EndsAt, zone).DateTime, details.TimeZone),
                DtStamp = new CalDateTime(now.UtcDateTime),
                LastModified = new CalDateTime(session.UpdatedAt.UtcDateTime),
                Sequence = session.Sequence,
                Status = session.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static string Link(SessionSnapshot session, string publicUrl) => $"{publicUrl}/sessions/{Uri.EscapeDataString(session.SessionId)}";
}
