using Cohortly.Integrations.Payments;
using Microsoft.Extensions.Logging;

namespace Cohortly.Payments;

/// <summary>The payment's side of the reconciler, and what it does when the money and the seats disagree.</summary>
public sealed partial class PaymentGrain : IPaymentReconciliationGrain
{
    public async Task<PaymentRepair> ReconcileAsync()
    {
        if (!Exists)
        {
            return PaymentRepair.None;
        }
        var s = state.State;
        if (s.SettlementDue)
        {
            // What a crash interrupted after the change was stored: the follow-up reminder would retry it, the sweep does it now.
            var stale = time.GetUtcNow() - (s.SettledAt ?? s.CreatedAt) > FollowUpPeriod;
            await SettleAsync();
            return stale && s.Status == PaymentStatus.Succeeded ? PaymentRepair.Enrolled : PaymentRepair.None;
        }
        if (s.TotalMinor == 0 || s.Status is PaymentStatus.Refunded)
        {
            // Nothing was charged, or nothing is left to compare.
            return PaymentRepair.None;
        }
        var atGateway = await gateway.GetCheckoutStatusAsync(PaymentId, s.SessionId);
        switch (atGateway?.State)
        {
            case GatewayCheckoutState.Paid when s.Status is PaymentStatus.Pending or PaymentStatus.Expired or PaymentStatus.Failed:
                logger.LogWarning("Payment {PaymentId} was paid at the gateway but is {Status} here (its webhook never applied); taking the payment",
                    PaymentId, s.Status);
                await MoveAsync(PaymentStatus.Succeeded, null);
                await SettleAsync();
                return PaymentRepair.Enrolled;
            case GatewayCheckoutState.Paid when atGateway.RefundedMinor > 0 && s.Status is PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded:
                return await OnRefundedAtGatewayAsync(atGateway.RefundedMinor) ? PaymentRepair.MarkedRefunded : PaymentRepair.None;
            case GatewayCheckoutState.Expired when s.Status == PaymentStatus.Pending:
                await MoveAsync(PaymentStatus.Expired, "The checkout expired before it was paid.");
                await SettleAsync();
                return PaymentRepair.Expired;
            default:
                return PaymentRepair.None;
        }
    }

    /// <summary>
    /// The money arrived but no seat is left (paid after the hold ran out and the last seat went to someone else): the
    /// payment is refunded in full and the student told why; they are never enrolled.
    /// </summary>
    private async Task OnPaidWithoutSeatAsync()
    {
        logger.LogWarning("Payment {PaymentId} succeeded but bootcamp {BootcampId} has no seat left for {UserId}; refunding it",
            PaymentId, state.State.BootcampId, state.State.UserId);
        await RefundForLostSeatAsync();
    }

    /// <summary>
    /// A refund made at the gateway itself (its dashboard), which no webhook of ours reported: recorded like one its
    /// <c>charge.refunded</c> would have brought. The enrollment is left as it is (only an admin's refund here withdraws).
    /// </summary>
    private Task<bool> OnRefundedAtGatewayAsync(long refundedMinor) =>
        RecordRefundMadeAtGatewayAsync(refundedMinor, $"{PaymentId}-reconciled-{refundedMinor}");
}
