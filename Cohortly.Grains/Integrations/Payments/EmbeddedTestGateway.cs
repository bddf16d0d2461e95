using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cohortly.Common;
using Cohortly.Payments;
using Stripe;

namespace Cohortly.Integrations.Payments;

/// <summary>A webhook ready to post: the body and its <c>Stripe-Signature</c> header.</summary>
public sealed record SignedWebhook(string Payload, string Signature);

/// <summary>
/// The embedded stand-in for Stripe: the checkout page is Cohortly's own <c>/pay/{paymentId}</c>, where Stripe's test
/// card numbers behave as in Stripe's test mode, and the outcome comes back as a webhook in Stripe's event format,
/// signed exactly like Stripe's with a secret generated once per data directory. The webhook endpoint cannot tell it
/// from Stripe, so the whole path, signature checks included, runs offline.
/// </summary>
public sealed partial class EmbeddedTestGateway(DataDirectory dataDirectory, TimeProvider time) : IPaymentGateway
{
    private readonly Lazy<string> _secret = new(() => "whsec_" + Convert.ToHexStringLower(dataDirectory.Key("stripe-webhook-secret", 32)));

    public string WebhookSecret => _secret.Value;

    public Task<CheckoutSession> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new CheckoutSession(SessionIdOf(request.PaymentId), $"/pay/{Uri.EscapeDataString(request.PaymentId)}"));

    public static string SessionIdOf(string paymentId) => $"cs_test_{paymentId}";

    /// <summary>The event Stripe would send for this card on this charge, signed now; null for a number that is not a test card.</summary>
    public SignedWebhook? WebhookFor(TestCharge charge, TestCardOutcome outcome)
    {
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var metadata = new JsonObject { [StripeWebhooks.PaymentIdKey] = charge.PaymentId };
        var (type, dataObject) = outcome switch
        {
            TestCardOutcome.Succeeds => (EventTypes.CheckoutSessionCompleted, new JsonObject
            {
                ["id"] = charge.SessionId,
                ["object"] = "checkout.session",
                ["mode"] = "payment",
                ["status"] = "complete",
                ["payment_status"] = "paid",
                ["amount_total"] = charge.AmountMinor,
                ["currency"] = charge.Currency.ToLowerInvariant(),
                ["client_reference_id"] = charge.UserId,
                ["payment_intent"] = IntentIdOf(charge),
                ["metadata"] = metadata,
            }),
            TestCardOutcome.Declined or TestCardOutcome.InsufficientFunds => (EventTypes.PaymentIntentPaymentFailed, new JsonObject
            {
                ["id"] = IntentIdOf(charge),
                ["object"] = "payment_intent",
                ["status"] = "requires_payment_method",
                ["amount"] = charge.AmountMinor,
                ["currency"] = charge.Currency.ToLowerInvariant(),
                ["metadata"] = metadata,
                ["last_payment_error"] = new JsonObject
                {
                    ["type"] = "card_error",
                    ["code"] = "card_declined",
                    ["decline_code"] = outcome == TestCardOutcome.InsufficientFunds ? "insufficient_funds" : "generic_decline",
                    ["message"] = outcome == TestCardOutcome.InsufficientFunds ? "Your card has insufficient funds." : "Your card was declined.",
                },
            }),
            _ => (null, null),
        };
        if (type is null)
        {
            return null;
        }
        return Signed(type, dataObject!, created);
    }

    /// <summary>Stripe's scheme: <c>t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{payload}")}</c>.</summary>
    public static string Sign(string payload, string secret, long timestamp)
    {
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    private static string IntentIdOf(TestCharge charge) => $"pi_test_{charge.PaymentId}";
}
