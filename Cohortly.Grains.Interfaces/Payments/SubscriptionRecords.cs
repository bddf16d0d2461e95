namespace Cohortly.Payments;

public enum SubscriptionPlan
{
    Monthly = 0,
    Yearly = 1,
}

/// <summary>
/// A platform subscription's life: pending until the gateway's verified webhook says the first invoice is paid, active
/// while paid up, past_due after a failed renewal (access continues through the grace period), canceled at the end.
/// </summary>
public enum SubscriptionStatus
{
    Pending = 0,
    Active = 1,
    PastDue = 2,
    Canceled = 3,
}

[GenerateSerializer, Immutable, Alias("cohortly.payments.subscription-view")]
public sealed record SubscriptionView(
    [property: Id(0)] string SubscriptionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] SubscriptionPlan Plan,
    [property: Id(3)] SubscriptionStatus Status,
    [property: Id(4)] long PriceMinor,
    [property: Id(5)] string Currency,
    [property: Id(6)] bool CancelAtPeriodEnd,
    [property: Id(7)] DateTimeOffset? CurrentPeriodEnd,
    [property: Id(8)] string? CheckoutUrl,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset? EndedAt,
    [property: Id(11)] bool AccessSuspended,
    [property: Id(12)] string? FailureReason);

/// <summary>What an enrollment needs to know of a subscription to let its owner in without paying.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.subscription-proof")]
public sealed record SubscriptionProof(
    [property: Id(0)] string UserId,
    [property: Id(1)] SubscriptionStatus Status,
    [property: Id(2)] bool AccessSuspended)
{
    /// <summary>Paid up, or within the grace period of a failed renewal.</summary>
    public bool GrantsAccess => Status is SubscriptionStatus.Active or SubscriptionStatus.PastDue && !AccessSuspended;
}

/// <summary>A plan as offered: its price comes from configuration.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.subscription-price")]
public sealed record SubscriptionPrice(
    [property: Id(0)] SubscriptionPlan Plan,
    [property: Id(1)] long PriceMinor,
    [property: Id(2)] string Currency);

public enum GatewaySubscriptionEventKind
{
    /// <summary>The hosted checkout finished (Stripe's <c>checkout.session.completed</c> in subscription mode).</summary>
    CheckoutCompleted = 0,
    /// <summary>An invoice of the subscription was paid: the first one, or a renewal (<c>invoice.paid</c>).</summary>
    InvoicePaid = 1,
    /// <summary>A renewal could not be charged (<c>invoice.payment_failed</c>).</summary>
    InvoicePaymentFailed = 2,
    /// <summary>The gateway changed the subscription (<c>customer.subscription.updated</c>): cancel-at-period-end, period.</summary>
    Updated = 3,
    /// <summary>The gateway ended the subscription (<c>customer.subscription.deleted</c>).</summary>
    Deleted = 4,
}

/// <summary>A verified gateway event about one of our subscriptions, in Cohortly's words.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.gateway-subscription-event")]
public sealed record GatewaySubscriptionEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] GatewaySubscriptionEventKind Kind,
    [property: Id(2)] string SubscriptionId,
    [property: Id(3)] DateTimeOffset? PeriodEnd,
    [property: Id(4)] bool? CancelAtPeriodEnd,
    [property: Id(5)] string? GatewaySubscriptionId,
    [property: Id(6)] string? CustomerId,
    [property: Id(7)] string? InvoiceId,
    [property: Id(8)] long AmountMinor,
    [property: Id(9)] string? FailureReason);

/// <summary>What the embedded gateway needs to charge a test card for a subscription.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.test-subscription-charge")]
public sealed record TestSubscriptionCharge(
    [property: Id(0)] string SubscriptionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] SubscriptionPlan Plan,
    [property: Id(3)] long PriceMinor,
    [property: Id(4)] string Currency);
