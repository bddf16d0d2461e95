using Cohortly.Payments;
using Stripe;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// <c>invoice.paid</c> and <c>invoice.payment_failed</c> of an installment plan's subscription schedule, read from a
/// payload <see cref="StripeWebhooks.Read"/> has already verified. Our payment id travels in the subscription's
/// metadata; the invoice id is the gateway's charge id, so the same invoice never pays two charges.
/// </summary>
public static class StripeInstallmentWebhooks
{
    /// <summary>Where the embedded gateway names the charge; Stripe's schedule invoices leave it out, and the earliest open charge is meant.</summary>
    public const string ChargeIdKey = "charge_id";

    public static GatewayChargeEvent? Read(string verifiedPayload)
    {
        var stripeEvent = EventUtility.ParseEvent(verifiedPayload, throwOnApiVersionMismatch: false);
        if (stripeEvent.Type is not (EventTypes.InvoicePaid or EventTypes.InvoicePaymentFailed) || stripeEvent.Data.Object is not Invoice invoice)
        {
            return null;
        }
        var paymentId = ValueOf(invoice.Parent?.SubscriptionDetails?.Metadata, StripeWebhooks.PaymentIdKey) ?? ValueOf(invoice.Metadata, StripeWebhooks.PaymentIdKey);
        if (paymentId is null)
        {
            return null;
        }
        var paid = stripeEvent.Type == EventTypes.InvoicePaid;
        return new GatewayChargeEvent(stripeEvent.Id, paymentId, ValueOf(invoice.Metadata, ChargeIdKey), invoice.Id, paid,
            paid ? invoice.AmountPaid : invoice.AmountDue, paid ? null : "Your card was declined.");
    }

    private static string? ValueOf(Dictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
