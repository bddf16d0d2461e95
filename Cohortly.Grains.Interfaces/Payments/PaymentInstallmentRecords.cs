using System.Collections.Immutable;

namespace Cohortly.Payments;

/// <summary>One monthly amount of an installment plan, as quoted before checkout.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.installment-quote")]
public sealed record InstallmentQuote(
    [property: Id(0)] DateTimeOffset DueAt,
    [property: Id(1)] long AmountMinor);

/// <summary>Where one charge of a schedule stands.</summary>
public enum ChargeStatus
{
    /// <summary>Not due yet.</summary>
    Scheduled = 0,
    /// <summary>Asked of the gateway; its webhook has not answered yet.</summary>
    Processing = 1,
    Paid = 2,
    /// <summary>The card was refused; retries run within the grace period.</summary>
    Failed = 3,
    /// <summary>Still unpaid when the grace period ended: access is suspended until it is paid.</summary>
    Overdue = 4,
    /// <summary>Never to be charged (the checkout ended unpaid, or the payment was refunded in full).</summary>
    Canceled = 5,
}

/// <summary>
/// One charge of a payment's schedule. <see cref="ChargeId"/> is <c>{paymentId}-{n}</c> (n from 1); each attempt at the
/// gateway has its own idempotency key (<c>{chargeId}-a{attempt}</c>), so a retried call never charges twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.scheduled-charge")]
public sealed record ScheduledCharge(
    [property: Id(0)] string ChargeId,
    [property: Id(1)] DateTimeOffset DueAt,
    [property: Id(2)] long AmountMinor,
    [property: Id(3)] ChargeStatus Status)
{
    [Id(4)] public int Attempts { get; init; }

    /// <summary>When the first attempt failed: the grace period runs from here.</summary>
    [Id(5)] public DateTimeOffset? FailedAt { get; init; }

    [Id(6)] public DateTimeOffset? NextAttemptAt { get; init; }

    [Id(7)] public string? FailureReason { get; init; }

    [Id(8)] public DateTimeOffset? PaidAt { get; init; }

    /// <summary>The gateway's id of what paid it (an invoice), so the same invoice never pays two charges.</summary>
    [Id(9)] public string? GatewayChargeId { get; init; }

    public bool Open => Status is ChargeStatus.Scheduled or ChargeStatus.Processing or ChargeStatus.Failed or ChargeStatus.Overdue;
}

/// <summary>One attempt to take one charge from the card saved at checkout.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.charge-attempt")]
public sealed record ChargeAttempt(
    [property: Id(0)] string ChargeId,
    [property: Id(1)] string AttemptId,
    [property: Id(2)] long AmountMinor);

/// <summary>What the payer owes now and may pay with a (new) card on the payment's page.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.owed-charges")]
public sealed record OwedCharges(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Currency,
    [property: Id(3)] ImmutableArray<ChargeAttempt> Attempts)
{
    public long TotalMinor => Attempts.Sum(a => a.AmountMinor);
}

/// <summary>Where to pay what is left of a schedule, and how much that is.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.balance-checkout")]
public sealed record BalanceCheckout(
    [property: Id(0)] string CheckoutUrl,
    [property: Id(1)] long AmountMinor);

/// <summary>A verified gateway event about one later charge of a schedule (Stripe's <c>invoice.paid</c> / <c>invoice.payment_failed</c>).</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.gateway-charge-event")]
public sealed record GatewayChargeEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string PaymentId,
    [property: Id(2)] string? ChargeId,
    [property: Id(3)] string GatewayChargeId,
    [property: Id(4)] bool Paid,
    [property: Id(5)] long AmountMinor,
    [property: Id(6)] string? FailureReason);
