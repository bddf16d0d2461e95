using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.Payments;
using Microsoft.FeatureManagement;

namespace Cohortly.Frontend.Payments;

/// <summary>A student's latest payments (a checkout left unpaid first among them), when they have any and payments are on.</summary>
public sealed record PaymentsCard(IReadOnlyList<PaymentResponse> Recent, int Total);

public sealed class PaymentsHomeCard() : HomeCard<PaymentsCard>("payments.recent", 130, AccountRoles.Student)
{
    private const int Shown = 3;

    public override async Task<PaymentsCard?> BuildAsync(CallerContext context)
    {
        if (!await context.Http.RequestServices.GetRequiredService<IFeatureManager>().IsEnabledAsync(PaymentsSetup.Flag))
        {
            return null;
        }
        var mine = await context.Grain<IPaymentReaderGrain>(0).ListMineAsync(context.Caller, 1, Shown);
        return mine.Total == 0 ? null : new PaymentsCard([.. mine.Items.Select(PaymentResponse.From)], mine.Total);
    }
}
