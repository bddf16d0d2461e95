using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Accounts;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Accounts;

public sealed class SignUpsHomeCard() : HomeCard<SignUpsCard>("accounts.sign-ups", 410, AccountRoles.Admin)
{
    public override async Task<SignUpsCard?> BuildAsync(CallerContext context)
    {
        var stats = await context.Grain<IAccountRegistryGrain>(IAccountRegistryGrain.Key).GetSignUpsAsync(context.Caller);
        return new SignUpsCard(stats.Users, stats.CountedFromStart, [.. stats.Recent.Select(s => new SignUpResponse(s.UserId, s.DisplayName, s.Email, s.At))]);
    }
}
