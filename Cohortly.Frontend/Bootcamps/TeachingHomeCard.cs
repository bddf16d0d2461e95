using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Bootcamps;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Bootcamps;

public sealed class TeachingHomeCard() : HomeCard<TeachingCard>("bootcamps.teaching", 230, AccountRoles.Instructor)
{
    public override async Task<TeachingCard?> BuildAsync(CallerContext context)
    {
        var mine = await context.Grain<IBootcampReaderGrain>(IBootcampReaderGrain.Key).ListMineAsync(context.Caller);
        return new TeachingCard([.. mine.Where(row => row.Role == MemberRole.Instructor)
            .Select(row => new BootcampLink(row.Bootcamp.BootcampId, row.Bootcamp.Details.Title, row.Bootcamp.Details.StartsAt))]);
    }
}
