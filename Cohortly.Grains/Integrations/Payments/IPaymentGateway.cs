namespace Cohortly.Integrations.Payments;

/// <summary>
/// The payment gateway as Cohortly needs it: a hosted checkout page per payment, and the secret its webhooks are signed
/// with. Stripe Checkout when <c>Cohortly:Stripe</c> is configured, the embedded test gateway otherwise. Card data never
/// reaches Cohortly through this port: the buyer types it on the gateway's page.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Idempotent per payment id: asking twice for the same payment answers the same session.</summary>
    Task<CheckoutSession> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken cancellationToken = default);

    /// <summary>The secret the gateway signs its webhooks with (<see cref="StripeWebhooks"/> verifies them against it).</summary>
    string WebhookSecret { get; }
}

/// <summary>What the gateway needs to take one payment.</summary>
public sealed record CheckoutSessionRequest(
    string PaymentId,
    string UserId,
    string Description,
    long AmountMinor,
    string Currency,
    DateTimeOffset ExpiresAt,
    string ReturnPath);

/// <summary>The gateway's session and the page the buyer pays on.</summary>
public sealed record CheckoutSession(string SessionId, string Url);

/// <summary>The gateway could not be reached or refused the request; nothing was charged.</summary>
public sealed class PaymentGatewayException(string message, Exception? inner = null) : Exception(message, inner);
