using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Analytics;

/// <summary>
/// One user's saved reports, keyed by user id; only that user reads or changes them. A reminder mails each one weekly
/// (its table and its CSV) through the email outbox, keyed by report and ISO week, so a week's email goes out once.
/// </summary>
[Alias("cohortly.analytics.saved-reports")]
public interface ISavedReportsGrain : IGrainWithStringKey
{
    /// <summary>Checks the query as a report run would (400, 403, 404) and keeps it under the name.</summary>
    [Alias("save")]
    Task<SavedReport> SaveAsync(Caller caller, string name, ReportQuery query);

    [Alias("list")]
    Task<ImmutableArray<SavedReport>> ListAsync(Caller caller);

    /// <summary>NotFound when the caller has no saved report with that id.</summary>
    [Alias("delete")]
    Task DeleteAsync(Caller caller, string reportId);

    /// <summary>This week's email of one saved report, now (the weekly run sends it at most once a week either way).</summary>
    [Alias("send-now")]
    Task SendNowAsync(Caller caller, string reportId);
}
