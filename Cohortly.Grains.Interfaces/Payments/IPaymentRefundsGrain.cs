using Cohortly.Common;

namespace Cohortly.Payments;

/// <summary>
/// The refunds of one payment. The same grain as <see cref="IPaymentGrain"/> (same key, same activation, one state), seen
/// through its refund methods: calls never interleave, so two refunds at once can never give back more than was paid.
/// </summary>
[Alias("cohortly.payments.payment-refunds")]
public interface IPaymentRefundsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Admins. The same refund id again answers the refund it made. 422 <c>refund-not-allowed</c> unless the payment
    /// succeeded (or was refunded in part), 422 <c>refund-amount-invalid</c> for 0 or less or more than is left; 503
    /// when the gateway cannot be reached (nothing refunded). A full refund withdraws the payer unless kept.
    /// </summary>
    [Alias("refund")]
    Task<RefundView> RefundAsync(Caller caller, RefundRequest request);

    /// <summary>A verified <c>charge.refunded</c>: a refund made at the gateway itself is recorded; ours already are.</summary>
    [Alias("apply-gateway-refund")]
    Task<bool> ApplyGatewayRefundAsync(GatewayRefundEvent refund);
}
