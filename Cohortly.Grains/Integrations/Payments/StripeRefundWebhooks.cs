using Cohortly.Payments;
using Stripe;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// <c>charge.refunded</c>, read from a payload <see cref="StripeWebhooks.Read"/> has already verified (it answers null for
/// event types it does not act on). The charge carries the running total refunded and, from its payment intent, our
/// payment id.
/// </summary>
public static class StripeRefundWebhooks
{
    public static GatewayRefundEvent? Read(string verifiedPayload)
    {
        var stripeEvent = EventUtility.ParseEvent(verifiedPayload, throwOnApiVersionMismatch: false);
        return stripeEvent.Type == EventTypes.ChargeRefunded
            && stripeEvent.Data.Object is Charge charge
            && charge.Metadata is { } metadata
            && metadata.TryGetValue(StripeWebhooks.PaymentIdKey, out var paymentId)
            && !string.IsNullOrWhiteSpace(paymentId)
                ? new GatewayRefundEvent(stripeEvent.Id, paymentId, charge.AmountRefunded)
                : null;
    }
}
