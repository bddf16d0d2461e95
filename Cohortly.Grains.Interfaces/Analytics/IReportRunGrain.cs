using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Analytics;

/// <summary>
/// One run of a custom report, keyed by a fresh id per request: it checks the caller against every bootcamp in the report,
/// then streams the finished rows, merging bootcamps' rows that share keys. One activation per run, because an
/// <see cref="IAsyncEnumerable{T}"/> is read from the activation that opened it.
/// </summary>
[Alias("cohortly.analytics.report-run")]
public interface IReportRunGrain : IGrainWithStringKey
{
    /// <summary>Checks the caller and the query (403, 404, 400 as <see cref="DomainException"/>s) and answers the columns.</summary>
    [Alias("open")]
    Task<ImmutableArray<string>> OpenAsync(Caller caller, ReportQuery query);

    /// <summary>The finished rows of the report <see cref="OpenAsync"/> checked, in batches.</summary>
    [Alias("rows")]
    IAsyncEnumerable<ReportRow> RowsAsync();
}
