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

    /// <summary>
    /// Where the gateway's own checkout for one of our payments stands, for the reconciler to compare with ours: null
    /// when the gateway has no such checkout. Throws <see cref="PaymentGatewayException"/> when it cannot be asked.
    /// </summary>
    Task<GatewayCheckoutStatus?> GetCheckoutStatusAsync(string paymentId, string? sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives back part or all of a paid payment. Idempotent per refund id: asking again for the same refund (after a
    /// crash or a timeout) reaches the refund the first call made, never a second one.
    /// </summary>
    Task<GatewayRefund> RefundAsync(GatewayRefundRequest request, CancellationToken cancellationToken = default);
}

/// <summary>One refund of a payment: its checkout session tells the gateway which charge.</summary>
public sealed record GatewayRefundRequest(
    string PaymentId,
    string? SessionId,
    string RefundId,
    long AmountMinor,
    string Currency,
    string Reason);

/// <summary>The gateway's id of the refund it made.</summary>
public sealed record GatewayRefund(string GatewayRefundId);

public enum GatewayCheckoutState
{
    /// <summary>Not paid yet; the buyer may still pay.</summary>
    Open = 0,
    /// <summary>The money arrived.</summary>
    Paid = 1,
    /// <summary>The checkout lapsed unpaid.</summary>
    Expired = 2,
}

/// <summary>The gateway's word on one checkout: its state and how much of it was refunded (at the gateway's dashboard, say).</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.gateway-checkout-status")]
public sealed record GatewayCheckoutStatus(
    [property: Id(0)] GatewayCheckoutState State,
    [property: Id(1)] long AmountMinor,
    [property: Id(2)] long RefundedMinor);

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
