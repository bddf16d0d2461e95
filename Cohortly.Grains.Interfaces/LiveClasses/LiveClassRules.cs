using System.Collections.Immutable;

namespace Cohortly.LiveClasses;

/// <summary>Limits, the weekly expansion and the attendance thresholds, shared by the front end and the grains.</summary>
public static class LiveClassRules
{
    public const int MaxTitleLength = 200;
    public const int MinDurationMinutes = 5;
    public const int MaxDurationMinutes = 12 * 60;
    public const int MaxWeeklyCount = 52;
    public const int MaxSessionsPerBootcamp = 500;
    public const int MaxReasonLength = 500;

    /// <summary>How long before the start members are reminded.</summary>
    public static readonly TimeSpan ReminderLead = TimeSpan.FromMinutes(15);

    /// <summary>A new check-in code this often; the one before stays good for one more period, so a code typed as it turns still counts.</summary>
    public static readonly TimeSpan CodePeriod = TimeSpan.FromSeconds(20);

    /// <summary>Check-ins open this long before the start and close at the end.</summary>
    public static readonly TimeSpan CheckInOpensBefore = TimeSpan.FromMinutes(15);

    /// <summary>Arriving (first in the room or checked in) more than this after the start is late.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(10);

    /// <summary>Without a check-in, at least this share of the session in the room counts as attended.</summary>
    public const int PresentPercentOfSession = 50;

    /// <summary>Check-in codes: no 0/O, 1/I/L, so they read and type without doubt.</summary>
    public const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int CodeLength = 8;

    public static Dictionary<string, string[]> Validate(SessionDetails details)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(details.Title) || details.Title.Length > MaxTitleLength)
        {
            errors["title"] = [$"title is required, at most {MaxTitleLength} characters."];
        }
        if (details.DurationMinutes is < MinDurationMinutes or > MaxDurationMinutes)
        {
            errors["durationMinutes"] = [$"durationMinutes is between {MinDurationMinutes} and {MaxDurationMinutes}."];
        }
        if (FindZone(details.TimeZone) is null)
        {
            errors["timeZone"] = ["timeZone is an IANA time zone name such as Europe/Berlin."];
        }
        return errors;
    }

    public static void RequireValid(SessionDetails details)
    {
        if (Validate(details) is { Count: > 0 } errors)
        {
            throw Common.DomainException.Validation(errors);
        }
    }

    public static TimeZoneInfo? FindZone(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : null;

    /// <summary>
    /// The start of each class of a weekly series: the first start's local date and time in its zone, a week later each time,
    /// converted back to UTC with that week's offset, so 09:00 Europe/Berlin stays 09:00 across a DST change. A local time
    /// the clocks skip (02:30 on the spring-forward night) moves on by the gap.
    /// </summary>
    public static ImmutableArray<DateTimeOffset> WeeklyStarts(DateTimeOffset first, string timeZone, int count)
    {
        var zone = FindZone(timeZone) ?? throw new ArgumentException($"Unknown time zone {timeZone}", nameof(timeZone));
        var local = TimeZoneInfo.ConvertTime(first, zone).DateTime;
        var starts = ImmutableArray.CreateBuilder<DateTimeOffset>(count);
        for (var week = 0; week < count; week++)
        {
            var wall = DateTime.SpecifyKind(local.AddDays(7 * week), DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(wall))
            {
                wall = wall.AddHours(1);
            }
            // An ambiguous time (the autumn hour that repeats) takes the first of the two, daylight time, like calendars do.
            var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
            starts.Add(new DateTimeOffset(wall, offset).ToUniversalTime());
        }
        return starts.MoveToImmutable();
    }

    /// <summary>Upper case with spaces and dashes dropped: what a student types is compared as the code is shown.</summary>
    public static string NormalizeCode(string? code) =>
        new string((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();

    public static string StatusName(AttendanceStatus status) => status switch
    {
        AttendanceStatus.Present => "present",
        AttendanceStatus.Late => "late",
        _ => "absent",
    };

    public static AttendanceStatus? ParseStatus(string? status) => status switch
    {
        "present" => AttendanceStatus.Present,
        "late" => AttendanceStatus.Late,
        "absent" => AttendanceStatus.Absent,
        _ => null,
    };
}
