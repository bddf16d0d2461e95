using System.Collections.Immutable;
using System.Globalization;

namespace Cohortly.Analytics;

/// <summary>
/// The custom reports' metrics and groupings (the names API.md fixes), which combinations mean something, their columns,
/// and how a row's additive parts become the figures shown. docs/metrics.md ("Custom reports") defines each.
/// </summary>
public static class ReportsRules
{
    public const string Enrollments = "enrollments";
    public const string Submissions = "submissions";
    public const string OnTime = "onTime";
    public const string Late = "late";
    public const string Missing = "missing";
    public const string AverageScore = "averageScore";
    public const string Completion = "completion";
    public const string ActiveStudents = "activeStudents";
    public const string Revenue = "revenue";

    public const string ByBootcamp = "bootcamp";
    public const string ByAssignment = "assignment";
    public const string ByStudent = "student";
    public const string ByDay = "day";
    public const string ByWeek = "week";
    public const string ByMonth = "month";

    public static readonly ImmutableArray<string> Metrics =
        [Enrollments, Submissions, OnTime, Late, Missing, AverageScore, Completion, ActiveStudents, Revenue];

    public static readonly ImmutableArray<string> Groupings = [ByBootcamp, ByAssignment, ByStudent, ByDay, ByWeek, ByMonth];

    public static readonly ImmutableArray<string> Formats = ["json", "csv", "pdf"];

    /// <summary>The query's problems by field, in the caller's words; empty when the report can be made.</summary>
    public static Dictionary<string, string[]> Validate(ReportQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Metrics.Contains(query.Metric))
        {
            errors["metric"] = [$"Choose a metric: {string.Join(", ", Metrics)}."];
        }
        if (!Groupings.Contains(query.GroupBy))
        {
            errors["groupBy"] = [$"Choose a grouping: {string.Join(", ", Groupings)}."];
        }
        else if (errors.Count == 0 && Refusal(query.Metric, query.GroupBy) is { } refusal)
        {
            errors["groupBy"] = [refusal];
        }
        if (query.From > query.To)
        {
            errors["to"] = ["The last day comes before the first."];
        }
        return errors;
    }

    /// <summary>Whether the report's rows are points in time (a chart of them is a line, otherwise bars).</summary>
    public static bool IsTimeSeries(string groupBy) => groupBy is ByDay or ByWeek or ByMonth;

    /// <summary>Why a metric cannot be grouped that way, in the caller's words; null when it can.</summary>
    public static string? Refusal(string metric, string groupBy) => (metric, groupBy) switch
    {
        (Enrollments, ByAssignment) => "Enrollments are not made per assignment: group them by bootcamp, day, week or month.",
        (Enrollments, ByStudent) => "A student enrolls once per bootcamp: group enrollments by bootcamp, day, week or month.",
        (Completion, not ByBootcamp) => "Completion is a rate over a bootcamp's whole cohort: group it by bootcamp.",
        (ActiveStudents, ByAssignment) => "Activity is not tied to an assignment: group active students by bootcamp, student, day, week or month.",
        (Revenue, ByAssignment or ByStudent) => "Revenue is paid per bootcamp: group it by bootcamp, day, week or month.",
        _ => null,
    };

    /// <summary>The names of the key cells, then of the figures.</summary>
    public static ImmutableArray<string> Columns(string metric, string groupBy)
    {
        ImmutableArray<string> keys = groupBy switch
        {
            ByBootcamp => ["bootcampId", "bootcamp"],
            ByAssignment => ["assignmentId", "assignment"],
            ByStudent => ["studentId", "student"],
            _ => [groupBy],
        };
        return metric == Revenue
            ? [.. keys, "currency", "grossMinor", "discountsMinor", "refundsMinor", "netMinor"]
            : [.. keys, (metric, groupBy) switch
            {
                (AverageScore, _) => "averageScorePercent",
                // One student is active or not on a day: per student the figure is how many days they were active.
                (ActiveStudents, ByStudent) => "activeDays",
                _ => metric,
            }];
    }

    /// <summary>How many leading cells of a row are keys.</summary>
    public static int KeyCount(string metric, string groupBy) =>
        (groupBy is ByBootcamp or ByAssignment or ByStudent ? 2 : 1) + (metric == Revenue ? 1 : 0);

    /// <summary>
    /// The figures from a row's additive parts: a count is itself; a mean is [sum, count]; the completion rate is
    /// [completed, enrolled]; revenue is [gross, discounts, refunds] and gains its net.
    /// </summary>
    public static ImmutableArray<decimal?> Finish(string metric, ImmutableArray<decimal?> parts) => metric switch
    {
        AverageScore => [parts[1] is > 0 ? Math.Round(parts[0]!.Value / parts[1]!.Value, 2) : null],
        Completion => [parts[1] is > 0 ? Math.Round(parts[0]!.Value / parts[1]!.Value, 4) : 0m],
        Revenue => [.. parts, parts[0] - parts[1] - parts[2]],
        _ => parts,
    };

    /// <summary>The key of the day's bucket: the day, its ISO week (<c>2026-W45</c>) or its month (<c>2026-11</c>).</summary>
    public static string BucketOf(DateOnly day, string groupBy) => groupBy switch
    {
        ByWeek => string.Create(CultureInfo.InvariantCulture,
            $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):00}"),
        ByMonth => day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public static bool InRange(DateOnly day, ReportQuery query) =>
        (query.From is not { } from || day >= from) && (query.To is not { } to || day <= to);

    /// <summary>Saved reports per user: each is run and mailed every week.</summary>
    public const int MaxSavedReports = 20;

    public const int MaxSavedReportName = 100;

    /// <summary>A weekly email's table shows this many rows; the attached CSV has them all (up to <see cref="PdfRowLimit"/>).</summary>
    public const int EmailTableRows = 50;

    /// <summary>A PDF holds at most this many rows (about 110 pages); a bigger report is a CSV download.</summary>
    public const int PdfRowLimit = 5000;
}
