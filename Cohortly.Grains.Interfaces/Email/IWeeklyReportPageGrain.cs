using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>Writes the weekly reports of one roster page, keyed <c>{bootcampId}/{page}</c>; pages spread over the silos.</summary>
[Alias("cohortly.email.weekly-report-page")]
public interface IWeeklyReportPageGrain : IGrainWithStringKey
{
    /// <summary>Renders the page's emails and stores them as one outbox batch; answers how many students it covered.</summary>
    [Alias("run")]
    Task<int> RunAsync(string isoWeek, string bootcampTitle, int totalAssignments, ImmutableArray<UpcomingDeadline> upcoming);

    public static string KeyOf(string bootcampId, int page) => $"{bootcampId}/{page}";
}
