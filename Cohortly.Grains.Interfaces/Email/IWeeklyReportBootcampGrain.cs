using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>Writes one bootcamp's weekly reports by handing its roster pages to page workers. Keyed by bootcamp id.</summary>
[Alias("cohortly.email.weekly-report-bootcamp")]
public interface IWeeklyReportBootcampGrain : IGrainWithStringKey
{
    /// <summary>One-way: a bootcamp of thousands takes longer than a call may wait.</summary>
    [Alias("run"), OneWay]
    Task RunAsync(string isoWeek);
}
