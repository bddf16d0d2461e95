using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Analytics;

/// <summary>Reads the platform view from the pre-aggregated months and the index; nothing here scans bootcamps or users.</summary>
[StatelessWorker]
[GrainType("platformreader")]
public sealed class PlatformReaderGrain(TimeProvider time) : Grain, IPlatformReaderGrain
{
    public async Task<PlatformView> GetPlatformAsync(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins can see the platform's analytics.");
        }
        var now = time.GetUtcNow();
        var index = await GrainFactory.GetGrain<IPlatformIndexGrain>(IPlatformIndexGrain.Key).GetAsync();
        var months = await Task.WhenAll(index.Months.Select(month => GrainFactory.GetGrain<IPlatformMonthGrain>(month).GetFiguresAsync()));
        var since = now - AnalyticsRules.PlatformActiveWindow;
        var recent = await Task.WhenAll(AnalyticsRules.MonthsBetween(since, now)
            .Where(index.Months.Contains)
            .Select(month => GrainFactory.GetGrain<IPlatformMonthGrain>(month).ActiveSinceAsync(since)));
        var signUps = await GrainFactory.GetGrain<IAccountRegistryGrain>(IAccountRegistryGrain.Key).GetSignUpsAsync(caller);
        var catalog = await GrainFactory.GetGrain<ICatalogReaderGrain>(0).GetPlatformStatsAsync(caller, TimeSpan.Zero);
        return new PlatformView(
            signUps.Users,
            recent.SelectMany(ids => ids).Distinct(StringComparer.Ordinal).Count(),
            catalog.Bootcamps,
            [.. months.Select(m => new MonthCount(m.Month, m.Enrollments))],
            [.. months.SelectMany(m => m.Revenue)],
            index.Completion);
    }
}
