using Cohortly.Events;

namespace Cohortly.Payments;

/// <summary>A later charge of an installment plan was paid (on schedule, on a retry, or with the remaining balance).</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.installment-paid")]
public sealed record InstallmentPaid(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string BootcampTitle,
    [property: Id(3)] string ChargeId,
    [property: Id(4)] int Number,
    [property: Id(5)] int Count,
    [property: Id(6)] long AmountMinor,
    [property: Id(7)] string Currency) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

/// <summary>A later charge was refused. <see cref="Message"/> says in words what happens next (the retry, the date access pauses).</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.installment-failed")]
public sealed record InstallmentFailed(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string BootcampTitle,
    [property: Id(3)] string ChargeId,
    [property: Id(4)] int Attempt,
    [property: Id(5)] long AmountMinor,
    [property: Id(6)] string Currency,
    [property: Id(7)] string Message) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}
