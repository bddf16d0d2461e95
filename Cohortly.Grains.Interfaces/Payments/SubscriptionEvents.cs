using Cohortly.Events;

namespace Cohortly.Payments;

// Subscription events concern one user and no bootcamp: they travel on the user's stream (and the everyone stream,
// whose feed ignores deliveries to one user).

/// <summary>The first invoice was paid: the subscriber's included bootcamps are open to them until <see cref="PeriodEnd"/>.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.subscription-activated")]
public sealed record SubscriptionActivated(string EventId, DateTimeOffset OccurredAt,
    [property: Id(0)] string SubscriptionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] SubscriptionPlan Plan,
    [property: Id(3)] long AmountMinor,
    [property: Id(4)] string Currency,
    [property: Id(5)] DateTimeOffset PeriodEnd) : DomainEvent(EventId, OccurredAt, "")
{
    public override string? SubjectUserId => UserId;
}

/// <summary>A renewal invoice was paid (after a failure, access that was suspended is back).</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.subscription-renewed")]
public sealed record SubscriptionRenewed(string EventId, DateTimeOffset OccurredAt,
    [property: Id(0)] string SubscriptionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] long AmountMinor,
    [property: Id(3)] string Currency,
    [property: Id(4)] DateTimeOffset PeriodEnd,
    [property: Id(5)] string InvoiceId) : DomainEvent(EventId, OccurredAt, "")
{
    public override string? SubjectUserId => UserId;
}

/// <summary>A renewal could not be charged: access continues until <see cref="GraceEndsAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.subscription-payment-failed")]
public sealed record SubscriptionPaymentFailed(string EventId, DateTimeOffset OccurredAt,
    [property: Id(0)] string SubscriptionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset GraceEndsAt) : DomainEvent(EventId, OccurredAt, "")
{
    public override string? SubjectUserId => UserId;
}

/// <summary>The subscriber asked to stop renewing (<see cref="CancelAtPeriodEnd"/>), or changed their mind.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.subscription-renewal-changed")]
public sealed record SubscriptionRenewalChanged(string EventId, DateTimeOffset OccurredAt,
    [property: Id(0)] string SubscriptionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] bool CancelAtPeriodEnd,
    [property: Id(3)] DateTimeOffset? PeriodEnd) : DomainEvent(EventId, OccurredAt, "")
{
    public override string? SubjectUserId => UserId;
}

/// <summary>The subscription's access ended: canceled at its period's end, or unpaid past the grace period.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.subscription-lapsed")]
public sealed record SubscriptionLapsed(string EventId, DateTimeOffset OccurredAt,
    [property: Id(0)] string SubscriptionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Reason,
    [property: Id(3)] bool Canceled) : DomainEvent(EventId, OccurredAt, "")
{
    public override string? SubjectUserId => UserId;
}
