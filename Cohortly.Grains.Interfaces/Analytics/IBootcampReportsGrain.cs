using Cohortly.Common;

namespace Cohortly.Analytics;

/// <summary>
/// One bootcamp's custom-report rows, from the same facts as its dashboard (the analytics projection answers it), keyed by
/// bootcamp id. Staff of the bootcamp and admins; revenue admins only.
/// </summary>
[Alias("cohortly.analytics.bootcamp-reports")]
public interface IBootcampReportsGrain : IGrainWithStringKey
{
    /// <summary>Refuses unless the caller may run this report on the bootcamp (the rows then come from <see cref="RowsAsync"/>).</summary>
    [Alias("require-report-reader")]
    Task RequireReportReaderAsync(Caller caller, ReportQuery query);

    /// <summary>
    /// The rows, with their additive parts (see <see cref="ReportRow"/>), handed out in batches as the caller reads them.
    /// The caller is checked again: the stream is never open to someone <see cref="RequireReportReaderAsync"/> would refuse.
    /// </summary>
    [Alias("report-rows")]
    IAsyncEnumerable<ReportRow> RowsAsync(Caller caller, ReportQuery query);
}
