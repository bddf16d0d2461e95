using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Email;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Email;

public sealed class FailedEmailsHomeCard() : HomeCard<FailedEmailsCard>("email.failed", 420, AccountRoles.Admin)
{
    private const int Shown = 5;

    public override async Task<FailedEmailsCard?> BuildAsync(CallerContext context)
    {
        var failed = await context.Grain<IOutboxReaderGrain>(0).ListAsync(context.Caller, OutboxStatus.Failed, 1, Shown);
        return new FailedEmailsCard(failed.Total, [.. failed.Items.Select(OutboxItemResponse.From)]);
    }
}
