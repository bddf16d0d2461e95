using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Bootcamps;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Bootcamps;

public sealed class ProgressHomeCard() : HomeCard<ProgressCard>("bootcamps.progress", 120, AccountRoles.Student)
{
    public override async Task<ProgressCard?> BuildAsync(CallerContext context)
    {
        var mine = await context.Grain<IBootcampReaderGrain>(IBootcampReaderGrain.Key).ListMineAsync(context.Caller);
        var studying = mine.Where(row => row.Role == MemberRole.Student).Select(MyBootcampResponse.From).ToList();
        return studying.Count == 0 ? null : new ProgressCard(studying);
    }
}
