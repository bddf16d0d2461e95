using Cohortly.Payments;
using Stripe;
using Stripe.Checkout;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// Stripe Billing's events, read from a payload <see cref="StripeWebhooks.Read"/> has already verified: the subscription
/// checkout's completion, each invoice paid or failed, and the subscription changed or ended. Our subscription id travels
/// in the subscription's metadata (copied by Stripe onto its invoices' <c>parent.subscription_details</c>); an event
/// without it is not ours and reads as null.
/// </summary>
public static class StripeSubscriptionWebhooks
{
    public const string SubscriptionIdKey = "subscription_id";

    public static GatewaySubscriptionEvent? Read(string verifiedPayload)
    {
        var e = EventUtility.ParseEvent(verifiedPayload, throwOnApiVersionMismatch: false);
        return e.Data.Object switch
        {
            Session { Mode: "subscription", PaymentStatus: "paid" or "no_payment_required" } session
                when e.Type == EventTypes.CheckoutSessionCompleted && IdOf(session.Metadata) is { } id =>
                new GatewaySubscriptionEvent(e.Id, GatewaySubscriptionEventKind.CheckoutCompleted, id, null, null,
                    session.SubscriptionId, session.CustomerId, null, session.AmountTotal ?? 0, null),
            Invoice invoice when e.Type is EventTypes.InvoicePaid or EventTypes.InvoicePaymentFailed
                && IdOf(invoice.Parent?.SubscriptionDetails?.Metadata) is { } id =>
                new GatewaySubscriptionEvent(e.Id,
                    e.Type == EventTypes.InvoicePaid ? GatewaySubscriptionEventKind.InvoicePaid : GatewaySubscriptionEventKind.InvoicePaymentFailed,
                    id, PeriodEndOf(invoice), null, invoice.Parent!.SubscriptionDetails!.SubscriptionId, invoice.CustomerId, invoice.Id,
                    e.Type == EventTypes.InvoicePaid ? invoice.AmountPaid : invoice.AmountDue,
                    e.Type == EventTypes.InvoicePaid ? null : "Your card could not be charged for the renewal."),
            Subscription subscription when e.Type is EventTypes.CustomerSubscriptionUpdated or EventTypes.CustomerSubscriptionDeleted
                && IdOf(subscription.Metadata) is { } id =>
                new GatewaySubscriptionEvent(e.Id,
                    e.Type == EventTypes.CustomerSubscriptionDeleted || subscription.Status == "canceled"
                        ? GatewaySubscriptionEventKind.Deleted : GatewaySubscriptionEventKind.Updated,
                    id, subscription.Items?.Data?.FirstOrDefault()?.CurrentPeriodEnd is { } end && end > DateTime.UnixEpoch ? new DateTimeOffset(end, TimeSpan.Zero) : null,
                    subscription.CancelAtPeriodEnd, subscription.Id, subscription.CustomerId, null, 0, null),
            _ => null,
        };
    }

    /// <summary>The end of the latest period the invoice bills (a renewal bills the period that starts now).</summary>
    private static DateTimeOffset? PeriodEndOf(Invoice invoice) =>
        invoice.Lines?.Data?.Select(line => line.Period?.End).Where(end => end is not null && end > DateTime.UnixEpoch).Max() is { } end
            ? new DateTimeOffset(DateTime.SpecifyKind(end, DateTimeKind.Utc))
            : null;

    private static string? IdOf(Dictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(SubscriptionIdKey, out var id) && !string.IsNullOrWhiteSpace(id) ? id : null;
}
