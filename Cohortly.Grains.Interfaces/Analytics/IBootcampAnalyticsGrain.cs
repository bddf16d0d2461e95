using Cohortly.Common;

namespace Cohortly.Analytics;

/// <summary>
/// One bootcamp's analytics projection, keyed by bootcamp id: it listens to the bootcamp's event stream and keeps, per
/// student, what the dashboard's figures are computed from. Staff of the bootcamp and admins read it.
/// </summary>
[Alias("cohortly.analytics.bootcamp-analytics")]
public interface IBootcampAnalyticsGrain : IGrainWithStringKey
{
    /// <summary>The bootcamp's staff and admins; a student or an outsider is refused, an unknown bootcamp is NotFound.</summary>
    [Alias("get-dashboard")]
    Task<BootcampDashboard> GetDashboardAsync(Caller caller);

    /// <summary>Refuses unless the caller may watch the dashboard live (the same people who may read it).</summary>
    [Alias("require-watcher")]
    Task RequireWatcherAsync(Caller caller);

    /// <summary>
    /// Admins only. Throws the projection away and recomputes it from the grains that are the truth (roster, submissions,
    /// chat history); returns when done. It reads every student's work, so it may take longer than the front end's call timeout.
    /// </summary>
    [Alias("rebuild"), ResponseTimeout("00:10:00")]
    Task RebuildAsync(Caller caller);

    /// <summary>Staff of the bootcamp and admins: the IANA time zone whose days the day buckets follow; a change rebuilds them.</summary>
    [Alias("set-time-zone"), ResponseTimeout("00:10:00")]
    Task SetTimeZoneAsync(Caller caller, string timeZone);

    /// <summary>
    /// Names the bootcamp whose figures the dashboard shows beside this one's (null: none). Staff of both bootcamps or an
    /// admin; not the bootcamp itself; an unknown bootcamp is a validation error on <c>previousBootcampId</c>.
    /// </summary>
    [Alias("set-previous-cohort")]
    Task SetPreviousCohortAsync(Caller caller, string? previousBootcampId);

    /// <summary>
    /// This bootcamp's headline figures, for the dashboard of the bootcamp that names it its previous cohort. No caller: who
    /// may see them was checked when it was named (staff of both, or an admin).
    /// </summary>
    [Alias("get-headline")]
    Task<CohortHeadline> GetHeadlineAsync();
}
