using System.Collections.Immutable;
using Cohortly.Analytics;

namespace Cohortly.Frontend.Analytics;

/// <summary>
/// A custom report as JSON: the column names, then one array per row holding the key cells (strings: ids, names, days,
/// weeks, months, currencies) followed by the figures (numbers, or null where nothing was measured).
/// </summary>
public sealed record ReportResponse(ImmutableArray<string> Columns, List<object?[]> Rows);

/// <summary>A report to keep: a name and the query fields of <c>GET /api/analytics/reports</c> (days as <c>YYYY-MM-DD</c>).</summary>
public sealed record SaveReportRequest(string? Name, string? Metric, string? GroupBy, string? From, string? To, string? BootcampId);

public sealed record SavedReportResponse(
    string ReportId, string Name, string Metric, string GroupBy, DateOnly? From, DateOnly? To, string? BootcampId, DateTimeOffset CreatedAt)
{
    public static SavedReportResponse Of(SavedReport r) =>
        new(r.ReportId, r.Name, r.Query.Metric, r.Query.GroupBy, r.Query.From, r.Query.To, r.Query.BootcampId, r.CreatedAt);
}
