using System.Text.Json.Nodes;
using Cohortly.Payments;
using Stripe;

namespace Cohortly.Integrations.Payments;

public sealed partial class EmbeddedTestGateway : IInstallmentGateway
{
    public Task ChargeSavedCardAsync(string paymentId, ChargeAttempt attempt, string currency, CancellationToken cancellationToken = default) =>
        Grains.GetGrain<ITestGatewayInstallmentsGrain>(paymentId).ChargeSavedCardAsync(attempt, currency);

    /// <summary>The payment's own page: the payer types a test card there and it pays every open charge.</summary>
    public Task<string> BalanceCheckoutUrlAsync(string paymentId, long amountMinor, string currency, CancellationToken cancellationToken = default) =>
        Task.FromResult($"/pay/{Uri.EscapeDataString(paymentId)}");

    /// <summary>A new card on the payment's page: it pays what is owed now, each charge answered by its own signed invoice event.</summary>
    public Task PayOwedAsync(OwedCharges owed, TestCardOutcome card, Uri webhookUrl) =>
        Grains.GetGrain<ITestGatewayInstallmentsGrain>(owed.PaymentId).PayOwedAsync(owed, card, webhookUrl.ToString());

    /// <summary>
    /// Stripe's <c>invoice.paid</c> or <c>invoice.payment_failed</c> for one attempt, shaped as a subscription schedule's
    /// invoice: our payment id in the subscription's metadata (<c>parent.subscription_details.metadata</c>), and the
    /// charge id in the invoice's own metadata (which Stripe's schedule invoices leave empty).
    /// </summary>
    public StoredWebhookEvent InvoiceEventFor(string paymentId, ChargeAttempt attempt, string currency, bool paid) =>
        EventOf(paid ? EventTypes.InvoicePaid : EventTypes.InvoicePaymentFailed, new JsonObject
        {
            ["id"] = $"in_test_{attempt.AttemptId}",
            ["object"] = "invoice",
            ["status"] = paid ? "paid" : "open",
            ["amount_due"] = attempt.AmountMinor,
            ["amount_paid"] = paid ? attempt.AmountMinor : 0,
            ["amount_remaining"] = paid ? 0 : attempt.AmountMinor,
            ["attempt_count"] = 1,
            ["currency"] = currency.ToLowerInvariant(),
            ["metadata"] = new JsonObject { [StripeWebhooks.PaymentIdKey] = paymentId, [StripeInstallmentWebhooks.ChargeIdKey] = attempt.ChargeId },
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject
                {
                    ["subscription"] = $"sub_test_{paymentId}",
                    ["metadata"] = new JsonObject { [StripeWebhooks.PaymentIdKey] = paymentId },
                },
            },
        });
}
