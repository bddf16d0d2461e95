using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Bootcamps;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Bootcamps;

public sealed class PlatformHomeCard() : HomeCard<PlatformCard>("bootcamps.platform", 400, AccountRoles.Admin)
{
    private const int SoonDays = 14;

    public override async Task<PlatformCard?> BuildAsync(CallerContext context)
    {
        // The catalog readers' per-silo snapshot: no read of the catalog shards per home.
        var stats = await context.Grain<ICatalogReaderGrain>(0).GetPlatformStatsAsync(context.Caller, TimeSpan.FromDays(SoonDays));
        return new PlatformCard(stats.Bootcamps, stats.Enrollments, SoonDays,
            [.. stats.StartingSoon.Select(BootcampSummaryResponse.From)]);
    }
}
