using System.Globalization;

namespace Cohortly.Analytics;

/// <summary>Day and month buckets, the grade histogram's bands and the at-risk weights (docs/metrics.md says why each).</summary>
public static class AnalyticsRules
{
    public const string DefaultTimeZone = "UTC";

    /// <summary>Students with no activity for this long are no longer counted as active (the dashboard's "active").</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromDays(7);

    /// <summary>The platform's "active users".</summary>
    public static readonly TimeSpan PlatformActiveWindow = TimeSpan.FromDays(30);

    public const int MaxTimeZoneLength = 64;

    public const string UnknownTimeZone = "Use an IANA time zone such as Europe/Berlin.";

    /// <summary>Bootcamp ids are 32 hex digits; anything much longer names no bootcamp.</summary>
    public const int MaxBootcampIdLength = 64;

    /// <summary>The at-risk list shows the highest scores first, at most this many.</summary>
    public const int AtRiskListLength = 50;

    public const int PointsPerMissedDeadline = 25;
    public const int MissedDeadlineCap = 50;
    public const int PointsPerLateSubmission = 10;
    public const int LateSubmissionCap = 20;
    public const int QuietDaysBeforeRisk = 7;
    public const int QuietPointsAtThreshold = 15;
    public const int QuietPointsPerExtraDay = 3;
    public const int QuietCap = 30;
    /// <summary>An average this many points under the cohort's starts to count; each further point is a point of risk.</summary>
    public const decimal AverageGapTolerance = 10m;
    public const int AverageGapCap = 30;

    public static bool IsKnownTimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= MaxTimeZoneLength && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    /// <summary>The calendar day an instant falls on in the zone: DST days are 23 or 25 hours long and still one day.</summary>
    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>Months of the platform view are calendar months in UTC, <c>YYYY-MM</c>.</summary>
    public static string MonthOf(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The months from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    public static IEnumerable<string> MonthsBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var month = new DateTime(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (; month <= to.UtcDateTime; month = month.AddMonths(1))
        {
            yield return month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Ten bands of ten points; 100 % falls in the last, a score above the maximum too.</summary>
    public static int BandOf(decimal percent) => (int)Math.Clamp(Math.Floor(percent / 10m), 0m, 9m);

    public static decimal Percent(decimal score, decimal maxScore) => maxScore <= 0 ? 0 : Math.Round(score / maxScore * 100m, 2);

    public static decimal Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((decimal)part / whole, 4);
}
