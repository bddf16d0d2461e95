using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.Payments;
using Microsoft.FeatureManagement;

namespace Cohortly.Frontend.Payments;

/// <summary>A student's subscription on their home: its status and next renewal, or the offer when they have none.</summary>
public sealed record SubscriptionCard(SubscriptionResponse? Subscription);

public sealed class SubscriptionHomeCard() : HomeCard<SubscriptionCard>("payments.subscription", 131, AccountRoles.Student)
{
    public override async Task<SubscriptionCard?> BuildAsync(CallerContext context)
    {
        if (!await context.Http.RequestServices.GetRequiredService<IFeatureManager>().IsEnabledAsync(PaymentsSetup.Flag))
        {
            return null;
        }
        var current = await context.Grain<IUserSubscriptionGrain>(context.Caller.UserId).GetCurrentAsync();
        var view = current is null ? null : await context.Grain<ISubscriptionGrain>(current).GetSummaryAsync();
        return new SubscriptionCard(view is null ? null : SubscriptionResponse.From(view));
    }
}
