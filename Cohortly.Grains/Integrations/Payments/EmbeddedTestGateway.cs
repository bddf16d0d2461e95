using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cohortly.Common;
using Cohortly.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;

namespace Cohortly.Integrations.Payments;

/// <summary>A webhook ready to post: the body and its <c>Stripe-Signature</c> header.</summary>
public sealed record SignedWebhook(string Payload, string Signature);

/// <summary>An event the embedded gateway owes the webhook endpoint, kept unsigned until each delivery attempt.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.stored-webhook-event")]
public sealed record StoredWebhookEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] string Payload);

/// <summary>
/// The embedded stand-in for Stripe: the checkout page is Cohortly's own <c>/pay/{paymentId}</c>, where Stripe's test
/// card numbers behave as in Stripe's test mode, and the outcome comes back as a webhook in Stripe's event format,
/// signed exactly like Stripe's with a secret generated once per data directory. The webhook endpoint cannot tell it
/// from Stripe, so the whole path, signature checks included, runs offline. Like Stripe it keeps each session's outcome
/// (the reconciler asks it) and retries each webhook with growing delays until it is answered 2xx, across restarts
/// (<see cref="TestGatewaySessionGrain"/>), and sends <c>checkout.session.expired</c> for a session that lapses unpaid.
/// </summary>
public sealed partial class EmbeddedTestGateway(DataDirectory dataDirectory, TimeProvider time, IServiceProvider services, IOptions<StripeOptions> stripe) : IPaymentGateway
{
    // Configured, the secret is the one every process of a cluster shares (the silo that signs and the front end that
    // verifies); otherwise one generated per data directory, which is all one embedded process needs.
    private readonly Lazy<string> _secret = new(() => string.IsNullOrWhiteSpace(stripe.Value.WebhookSecret)
        ? "whsec_" + Convert.ToHexStringLower(dataDirectory.Key("stripe-webhook-secret", 32))
        : stripe.Value.WebhookSecret);

    public string WebhookSecret => _secret.Value;

    /// <summary>
    /// This process's own webhook endpoint, set by the front end once it listens: where a session's events go before any
    /// charge told the session the address (a checkout that lapses unpaid).
    /// </summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>The gateway's own records (sessions, their outcome, their undelivered webhooks) are grains, so they survive a restart.</summary>
    private IGrainFactory Grains => services.GetRequiredService<IGrainFactory>();

    public async Task<CheckoutSession> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken cancellationToken = default)
    {
        var sessionId = SessionIdOf(request.PaymentId);
        await Grains.GetGrain<ITestGatewaySessionGrain>(request.PaymentId).OpenAsync(
            new TestGatewaySession(sessionId, request.UserId, request.AmountMinor, request.Currency, request.ExpiresAt));
        return new CheckoutSession(sessionId, $"/pay/{Uri.EscapeDataString(request.PaymentId)}");
    }

    public Task<GatewayCheckoutStatus?> GetCheckoutStatusAsync(string paymentId, string? sessionId, CancellationToken cancellationToken = default) =>
        Grains.GetGrain<ITestGatewaySessionGrain>(paymentId).GetStatusAsync();

    /// <summary>
    /// Charges a test card: the session stores the outcome and the event Stripe would send, then delivers it to
    /// <paramref name="webhookUrl"/> until it is answered 2xx, across restarts. Declines leave the session open, as Stripe's.
    /// </summary>
    public Task ChargeAsync(TestCharge charge, TestCardOutcome outcome, Uri webhookUrl) =>
        Grains.GetGrain<ITestGatewaySessionGrain>(charge.PaymentId).ChargeAsync(charge, outcome, webhookUrl.ToString());

    public static string SessionIdOf(string paymentId) => $"cs_test_{paymentId}";

    /// <summary>The event Stripe would send for this card on this charge (unsigned: each delivery signs it anew); null for a number that is not a test card.</summary>
    public StoredWebhookEvent? EventFor(TestCharge charge, TestCardOutcome outcome)
    {
        var metadata = new JsonObject { [StripeWebhooks.PaymentIdKey] = charge.PaymentId };
        var (type, dataObject) = outcome switch
        {
            TestCardOutcome.Succeeds or TestCardOutcome.FailsLaterCharges => (EventTypes.CheckoutSessionCompleted, new JsonObject
            {
                ["id"] = charge.SessionId,
                ["object"] = "checkout.session",
                ["mode"] = "payment",
                ["status"] = "complete",
                ["payment_status"] = "paid",
                ["amount_total"] = charge.AmountMinor,
                ["currency"] = charge.Currency.ToLowerInvariant(),
                ["client_reference_id"] = charge.UserId,
                ["payment_intent"] = IntentIdOf(charge.PaymentId),
                ["metadata"] = metadata,
            }),
            TestCardOutcome.Declined or TestCardOutcome.InsufficientFunds => (EventTypes.PaymentIntentPaymentFailed, new JsonObject
            {
                ["id"] = IntentIdOf(charge.PaymentId),
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
        return type is null ? null : EventOf(type, dataObject!);
    }

    /// <summary>Stripe's <c>checkout.session.expired</c> for a session that lapsed unpaid.</summary>
    public StoredWebhookEvent ExpiredEventFor(string paymentId, TestGatewaySession session) => EventOf(EventTypes.CheckoutSessionExpired, new JsonObject
    {
        ["id"] = session.SessionId,
        ["object"] = "checkout.session",
        ["mode"] = "payment",
        ["status"] = "expired",
        ["payment_status"] = "unpaid",
        ["amount_total"] = session.AmountMinor,
        ["currency"] = session.Currency.ToLowerInvariant(),
        ["client_reference_id"] = session.UserId,
        ["metadata"] = new JsonObject { [StripeWebhooks.PaymentIdKey] = paymentId },
    });

    /// <summary>Signs a stored event for one delivery attempt, with the attempt's time (as Stripe signs each retry anew).</summary>
    public SignedWebhook SignForDelivery(StoredWebhookEvent stored) => new(stored.Payload, Sign(stored.Payload, WebhookSecret, time.GetUtcNow().ToUnixTimeSeconds()));

    private StoredWebhookEvent EventOf(string type, JsonObject dataObject)
    {
        var id = "evt_test_" + SecureTokens.NewId();
        var payload = new JsonObject
        {
            ["id"] = id,
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = time.GetUtcNow().ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = type,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["data"] = new JsonObject { ["object"] = dataObject },
        }.ToJsonString();
        return new StoredWebhookEvent(id, type, payload);
    }

    /// <summary>Stripe's scheme: <c>t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{payload}")}</c>.</summary>
    public static string Sign(string payload, string secret, long timestamp)
    {
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    private static string IntentIdOf(string paymentId) => $"pi_test_{paymentId}";
}
