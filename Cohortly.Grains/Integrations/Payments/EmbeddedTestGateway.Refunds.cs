using System.Text.Json.Nodes;
using Cohortly.Common;
using Stripe;

namespace Cohortly.Integrations.Payments;

public sealed partial class EmbeddedTestGateway
{
    /// <summary>Refunds at once, as Stripe does for cards in test mode; the same refund id always names the same refund.</summary>
    public Task<GatewayRefund> RefundAsync(GatewayRefundRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GatewayRefund($"re_test_{request.RefundId}"));

    /// <summary>
    /// The <c>charge.refunded</c> event Stripe sends after a refund, signed now: the charge with the running total refunded
    /// (<c>amount_refunded</c>) and our payment id in its metadata.
    /// </summary>
    public SignedWebhook RefundWebhookFor(string paymentId, long amountMinor, long amountRefundedMinor, string currency)
    {
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        return Signed(EventTypes.ChargeRefunded, new JsonObject
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
            ["payment_intent"] = $"pi_test_{paymentId}",
            ["metadata"] = new JsonObject { [StripeWebhooks.PaymentIdKey] = paymentId },
        }, created);
    }

    /// <summary>An event in Stripe's envelope around <paramref name="dataObject"/>, signed as Stripe signs it.</summary>
    private SignedWebhook Signed(string type, JsonObject dataObject, long created)
    {
        var payload = new JsonObject
        {
            ["id"] = "evt_test_" + SecureTokens.NewId(),
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = created,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["data"] = new JsonObject { ["object"] = dataObject },
        }.ToJsonString();
        return new SignedWebhook(payload, Sign(payload, WebhookSecret, created));
    }
}
