using Cohortly.Payments;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// The gateway's recurring billing as Cohortly needs it: a hosted checkout that starts a subscription, turning renewal
/// off and on, and the page where the subscriber manages their card. Stripe Billing when <c>Cohortly:Stripe</c> is
/// configured, the embedded test gateway otherwise. Activation, renewals and endings arrive as signed webhooks only.
/// </summary>
public interface ISubscriptionGateway
{
    /// <summary>Idempotent per subscription id: asking twice answers the same checkout.</summary>
    Task<CheckoutSession> CreateSubscriptionCheckoutAsync(SubscriptionCheckoutRequest request, CancellationToken cancellationToken = default);

    /// <summary>Stops (or restores) renewal at the current period's end. Throws <see cref="PaymentGatewayException"/> when it cannot be asked.</summary>
    Task SetCancelAtPeriodEndAsync(string subscriptionId, string? gatewaySubscriptionId, bool cancel, CancellationToken cancellationToken = default);

    /// <summary>Where the subscriber changes their card and cancels: Stripe's customer portal, or Cohortly's own stand-in page.</summary>
    Task<string> CreatePortalSessionAsync(string subscriptionId, string? customerId, string returnPath, CancellationToken cancellationToken = default);
}

/// <summary>What the gateway needs to start one subscription.</summary>
public sealed record SubscriptionCheckoutRequest(
    string SubscriptionId,
    string UserId,
    SubscriptionPlan Plan,
    string Description,
    long PriceMinor,
    string Currency,
    DateTimeOffset ExpiresAt,
    string ReturnPath);
