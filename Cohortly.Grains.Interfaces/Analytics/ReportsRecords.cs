using System.Collections.Immutable;

namespace Cohortly.Analytics;

/// <summary>
/// A custom report: one metric grouped one way over an inclusive range of days (in each bootcamp's time zone). No
/// <see cref="BootcampId"/> means every bootcamp the caller may see. Names as <see cref="ReportsRules"/> lists them.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.analytics.report-query")]
public sealed record ReportQuery(
    [property: Id(0)] string Metric,
    [property: Id(1)] string GroupBy,
    [property: Id(2)] DateOnly? From,
    [property: Id(3)] DateOnly? To,
    [property: Id(4)] string? BootcampId);

/// <summary>
/// One row of a report: the grouping's key cells (an id and a name, a day, a currency), then numbers. A bootcamp's grain
/// hands out the additive parts of its numbers (a sum and a count for a mean), so rows of several bootcamps with the same
/// keys add up; <see cref="ReportsRules.Finish"/> turns the parts into the figures shown.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.analytics.report-row")]
public sealed record ReportRow(
    [property: Id(0)] ImmutableArray<string> Keys,
    [property: Id(1)] ImmutableArray<decimal?> Values);

/// <summary>A report a user saved by name; it is emailed to them weekly, with its CSV attached.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.analytics.saved-report")]
public sealed record SavedReport(
    [property: Id(0)] string ReportId,
    [property: Id(1)] string Name,
    [property: Id(2)] ReportQuery Query,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>A saved report's weekly email: the first rows as a table, and the CSV of all of them attached.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.analytics.saved-report-email")]
public sealed record SavedReportEmail(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Week,
    [property: Id(4)] ImmutableArray<string> Columns,
    [property: Id(5)] ImmutableArray<ImmutableArray<string>> Rows,
    [property: Id(6)] int TotalRows,
    [property: Id(7)] byte[] Csv);
