using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>Sends the weekly progress reports: a reminder fires at the configured local time each week. Key 0.</summary>
[Alias("cohortly.email.weekly-report-schedule")]
public interface IWeeklyReportScheduleGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("ensure-scheduled")]
    Task EnsureScheduledAsync();

    /// <summary>
    /// Starts this week's reports now (admin, tests, benchmarks) and returns how many enrolled students they cover;
    /// the reports are written in the background. Idempotent per user, bootcamp and ISO week.
    /// </summary>
    [Alias("run-now")]
    Task<int> RunNowAsync(Caller caller);
}
