using Cohortly.Payments;
using Stripe;
using Stripe.Checkout;

namespace Cohortly.Integrations.Payments;

/// <summary>A webhook whose signature is missing, wrong or older than the tolerance: it is refused with 400.</summary>
public sealed class WebhookSignatureException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads Stripe's webhooks, from Stripe or from the embedded gateway alike: the signature is checked by Stripe.net's
/// own <c>EventUtility.ConstructEvent</c> (HMAC-SHA256 over <c>{t}.{body}</c>, 300 s tolerance), and the event becomes
/// Cohortly's <see cref="GatewayEvent"/>; an event type Cohortly does not act on reads as null.
/// </summary>
public static class StripeWebhooks
{
    public const string SignatureHeader = "Stripe-Signature";
    public const long ToleranceSeconds = 300;

    /// <summary>Where our payment id travels on Stripe's objects (sessions and their payment intents).</summary>
    public const string PaymentIdKey = "payment_id";

    /// <param name="now">The clock the signature's age is measured on (the app's <see cref="TimeProvider"/>, which tests move); the system's when null.</param>
    public static GatewayEvent? Read(string payload, string? signatureHeader, string secret, DateTimeOffset? now = null)
    {
        Event stripeEvent;
        try
        {
            // Stripe sends events of the account's API version; only a few stable fields are read here.
            stripeEvent = EventUtility.ConstructEvent(payload, signatureHeader ?? "", secret, ToleranceSeconds,
                (now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException failure)
        {
            throw new WebhookSignatureException(failure.Message, failure);
        }
        catch (Newtonsoft.Json.JsonException failure)
        {
            throw new WebhookSignatureException("The event could not be read.", failure);
        }
        return stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded
                when stripeEvent.Data.Object is Session { PaymentStatus: "paid" or "no_payment_required" } session
                    && PaymentIdOf(session.Metadata) is { } paymentId =>
                new GatewayEvent(stripeEvent.Id, GatewayEventKind.CheckoutCompleted, paymentId, null),
            EventTypes.CheckoutSessionAsyncPaymentFailed
                when stripeEvent.Data.Object is Session session && PaymentIdOf(session.Metadata) is { } paymentId =>
                new GatewayEvent(stripeEvent.Id, GatewayEventKind.PaymentFailed, paymentId, "The payment did not go through."),
            EventTypes.CheckoutSessionExpired
                when stripeEvent.Data.Object is Session session && PaymentIdOf(session.Metadata) is { } paymentId =>
                new GatewayEvent(stripeEvent.Id, GatewayEventKind.CheckoutExpired, paymentId, "The checkout expired before it was paid."),
            EventTypes.PaymentIntentPaymentFailed
                when stripeEvent.Data.Object is PaymentIntent intent && PaymentIdOf(intent.Metadata) is { } paymentId =>
                new GatewayEvent(stripeEvent.Id, GatewayEventKind.PaymentFailed, paymentId, ReasonOf(intent.LastPaymentError)),
            _ => null,
        };
    }

    private static string? PaymentIdOf(Dictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(PaymentIdKey, out var id) && !string.IsNullOrWhiteSpace(id) ? id : null;

    /// <summary>The buyer's words for a decline; Stripe's own message otherwise.</summary>
    private static string ReasonOf(StripeError? error) => (error?.DeclineCode ?? error?.Code) switch
    {
        "insufficient_funds" => "Your card has insufficient funds. Try another card.",
        "expired_card" => "Your card has expired. Try another card.",
        "incorrect_cvc" => "The card's security code is incorrect.",
        "generic_decline" or "card_declined" => "Your card was declined. Try another card or ask your bank.",
        _ => error?.Message ?? "The payment did not go through.",
    };
}
