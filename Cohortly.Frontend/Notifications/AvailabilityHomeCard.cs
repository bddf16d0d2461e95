using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.Notifications;

namespace Cohortly.Frontend.Notifications;

public sealed class AvailabilityHomeCard() : HomeCard<AvailabilityResponse>("notifications.availability", 305, AccountRoles.Mentor)
{
    public override async Task<AvailabilityResponse?> BuildAsync(CallerContext context)
    {
        // Keyed by the caller's own id: a mentor reads only their own state.
        var availability = await context.Grain<IMentorAvailabilityGrain>(context.Caller.UserId).GetAsync();
        return AvailabilityResponse.From(availability);
    }
}
