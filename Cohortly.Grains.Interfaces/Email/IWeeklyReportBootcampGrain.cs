using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>Writes one bootcamp's weekly reports by handing its roster pages to page workers. Keyed by bootcamp id.</summary>
[Alias("cohortly.email.weekly-report-bootcamp")]
public interface IWeeklyReportBootcampGrain : IGrainWithStringKey
{
    /// <summary>
    /// One-way: a bootcamp of thousands takes longer than a call may wait. The run is stored as it goes (the week, the
    /// roster pages done) and a reminder resumes a run a crash or a failed page cut short from the first page not done.
    /// </summary>
    [Alias("run"), OneWay]
    Task RunAsync(string isoWeek);

    /// <summary>Where this bootcamp's latest weekly run is; null before its first. Answered once a run under way has ended or stopped.</summary>
    [Alias("get-run")]
    Task<WeeklyBootcampRun?> GetRunAsync();
}
