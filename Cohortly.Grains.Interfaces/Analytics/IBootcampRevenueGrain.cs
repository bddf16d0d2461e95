using System.Collections.Immutable;

namespace Cohortly.Analytics;

/// <summary>
/// One bootcamp's takings, keyed by bootcamp id: every payment that succeeded and every refund made, by id and time, fed
/// by the bootcamp's event stream (a repeat changes nothing). Read by the bootcamp's report grain, which has checked the
/// caller is an admin.
/// </summary>
[Alias("cohortly.analytics.bootcamp-revenue")]
public interface IBootcampRevenueGrain : IGrainWithStringKey
{
    /// <summary>Report rows keyed by the bucket of each local day (and the currency): [gross, discounts, refunds] in minor units.</summary>
    [Alias("revenue-rows")]
    Task<ImmutableArray<ReportRow>> RowsAsync(ReportQuery query, string timeZone);
}
