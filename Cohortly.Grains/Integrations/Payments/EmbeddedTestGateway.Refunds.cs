using System.Text.Json.Nodes;
using Stripe;

namespace Cohortly.Integrations.Payments;

public sealed partial class EmbeddedTestGateway
{
    /// <summary>
    /// Refunds at once, as Stripe does for cards in test mode, and owes Cohortly the <c>charge.refunded</c> Stripe would
    /// send, delivered durably like every other event of the session; the same refund id always names the same refund.
    /// </summary>
    public async Task<GatewayRefund> RefundAsync(GatewayRefundRequest request, CancellationToken cancellationToken = default)
    {
        await Grains.GetGrain<ITestGatewaySessionGrain>(request.PaymentId).RefundAsync(request.RefundId, request.AmountMinor);
        return new GatewayRefund($"re_test_{request.RefundId}");
    }

    /// <summary>
    /// The <c>charge.refunded</c> event Stripe sends after a refund: the charge with the running total refunded
    /// (<c>amount_refunded</c>) and our payment id in its metadata.
    /// </summary>
    public StoredWebhookEvent RefundEventFor(string paymentId, long amountMinor, long amountRefundedMinor, string currency) =>
        EventOf(EventTypes.ChargeRefunded, new JsonObject
        {
            ["id"] = $"ch_test_{paymentId}",
            ["object"] = "charge",
            ["amount"] = amountMinor,
            ["amount_captured"] = amountMinor,
            ["amount_refunded"] = amountRefundedMinor,
            ["currency"] = currency.ToLowerInvariant(),
            ["paid"] = true,
            ["refunded"] = amountRefundedMinor >= amountMinor,
            ["status"] = "succeeded",
            ["payment_intent"] = IntentIdOf(paymentId),
            ["metadata"] = new JsonObject { [StripeWebhooks.PaymentIdKey] = paymentId },
        });
}
