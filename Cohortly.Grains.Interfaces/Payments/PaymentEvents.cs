using Cohortly.Events;

namespace Cohortly.Payments;

[GenerateSerializer, Immutable, Alias("cohortly.events.payment-succeeded")]
public sealed record PaymentSucceeded(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string BootcampTitle,
    [property: Id(3)] long TotalMinor,
    [property: Id(4)] long DiscountMinor,
    [property: Id(5)] string Currency,
    [property: Id(6)] string? CouponCode) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

[GenerateSerializer, Immutable, Alias("cohortly.events.payment-failed")]
public sealed record PaymentFailed(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string BootcampTitle,
    [property: Id(3)] string Reason) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

[GenerateSerializer, Immutable, Alias("cohortly.events.payment-expired")]
public sealed record PaymentExpired(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string UserId) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

[GenerateSerializer, Immutable, Alias("cohortly.events.payment-refunded")]
public sealed record PaymentRefunded(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string RefundId,
    [property: Id(3)] long AmountMinor,
    [property: Id(4)] string Currency,
    [property: Id(5)] bool FullyRefunded) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}
