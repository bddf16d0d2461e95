using System.Collections.Immutable;

namespace Cohortly.Payments;

/// <summary>A checkout's life: it starts pending and ends in exactly one of the others (refunds come later).</summary>
public enum PaymentStatus
{
    Pending = 0,
    Succeeded = 1,
    Failed = 2,
    Canceled = 3,
    Expired = 4,
    PartiallyRefunded = 5,
    Refunded = 6,
}

public enum PaymentPlan
{
    Full = 0,
    Installments = 1,
}

[GenerateSerializer, Immutable, Alias("cohortly.payments.checkout-request")]
public sealed record CheckoutRequest(
    [property: Id(0)] string BootcampId,
    [property: Id(1)] PaymentPlan Plan,
    [property: Id(2)] string? CouponCode);

[GenerateSerializer, Immutable, Alias("cohortly.payments.quote")]
public sealed record Quote(
    [property: Id(0)] PaymentPlan Plan,
    [property: Id(1)] string Currency,
    [property: Id(2)] long PriceMinor,
    [property: Id(3)] long DiscountMinor,
    [property: Id(4)] long TotalMinor)
{
    /// <summary>The installment plan's amounts and due dates (empty for the full plan).</summary>
    [Id(5)] public ImmutableArray<InstallmentQuote> Installments { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("cohortly.payments.payment-view")]
public sealed record PaymentView(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string BootcampId,
    [property: Id(2)] string BootcampTitle,
    [property: Id(3)] string UserId,
    [property: Id(4)] PaymentPlan Plan,
    [property: Id(5)] PaymentStatus Status,
    [property: Id(6)] long PriceMinor,
    [property: Id(7)] long DiscountMinor,
    [property: Id(8)] long TotalMinor,
    [property: Id(9)] long RefundedMinor,
    [property: Id(10)] string Currency,
    [property: Id(11)] string? CouponCode,
    [property: Id(12)] string? FailureReason,
    [property: Id(13)] DateTimeOffset CreatedAt,
    [property: Id(14)] DateTimeOffset SeatHeldUntil,
    [property: Id(15)] string? CheckoutUrl)
{
    // Ids from 30 up belong to refunds and invoices (kept apart from the checkout's numbering, which other work extends).
    /// <summary>Every refund asked for, oldest first, failed ones included.</summary>
    [Id(30)] public ImmutableArray<RefundView> Refunds { get; init; } = [];

    /// <summary>Set once the payment succeeded: the invoice's number and the seller and buyer it names.</summary>
    [Id(31)] public InvoiceInfo? Invoice { get; init; }

    // Ids from 40 up belong to installment plans.
    /// <summary>An installment plan's charges, first to last (empty for the full plan).</summary>
    [Id(40)] public ImmutableArray<ScheduledCharge> Schedule { get; init; } = [];

    /// <summary>True while an overdue charge keeps the payer's access paused.</summary>
    [Id(41)] public bool Suspended { get; init; }
}

/// <summary>What the grains need to know of a payment to enroll its payer: who paid, for what, and whether it went through.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.payment-proof")]
public sealed record PaymentProof(
    [property: Id(0)] string UserId,
    [property: Id(1)] string BootcampId,
    [property: Id(2)] PaymentStatus Status);

/// <summary>What the embedded gateway needs to charge a test card for a pending payment.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.test-charge")]
public sealed record TestCharge(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] string UserId,
    [property: Id(3)] long AmountMinor,
    [property: Id(4)] string Currency);

public enum GatewayEventKind
{
    CheckoutCompleted = 0,
    PaymentFailed = 1,
    /// <summary>The gateway's checkout session lapsed unpaid (Stripe's <c>checkout.session.expired</c>).</summary>
    CheckoutExpired = 2,
}

/// <summary>A verified gateway event about one of our payments, in Cohortly's words (no SDK type crosses into the grains).</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.gateway-event")]
public sealed record GatewayEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] GatewayEventKind Kind,
    [property: Id(2)] string PaymentId,
    [property: Id(3)] string? FailureReason);

[GenerateSerializer, Immutable, Alias("cohortly.payments.coupon-definition")]
public sealed record CouponDefinition(
    [property: Id(0)] string Code,
    [property: Id(1)] int? PercentOff,
    [property: Id(2)] long? AmountOffMinor,
    [property: Id(3)] string? Currency,
    [property: Id(4)] DateTimeOffset? ExpiresAt,
    [property: Id(5)] int? MaxRedemptions,
    [property: Id(6)] ImmutableArray<string> BootcampIds,
    [property: Id(7)] bool FirstTimeOnly);

[GenerateSerializer, Immutable, Alias("cohortly.payments.coupon-view")]
public sealed record CouponView(
    [property: Id(0)] CouponDefinition Definition,
    [property: Id(1)] int Redemptions,
    [property: Id(2)] int Reserved,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>What a coupon takes off one price for one buyer.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.coupon-use")]
public sealed record CouponUse(
    [property: Id(0)] string UserId,
    [property: Id(1)] string BootcampId,
    [property: Id(2)] long PriceMinor,
    [property: Id(3)] string Currency,
    [property: Id(4)] bool FirstPurchase);

public enum SeatHoldOutcome
{
    Held = 0,
    Full = 1,
    AlreadyEnrolled = 2,
    NoSuchBootcamp = 3,
    Staff = 4,
}

[GenerateSerializer, Immutable, Alias("cohortly.payments.seat-hold")]
public sealed record SeatHold(
    [property: Id(0)] string UserId,
    [property: Id(1)] DateTimeOffset Until);

[GenerateSerializer, Immutable, Alias("cohortly.payments.seat-hold-grant")]
public sealed record SeatHoldGrant(
    [property: Id(0)] SeatHoldOutcome Outcome,
    [property: Id(1)] string BootcampTitle,
    [property: Id(2)] long PriceMinor,
    [property: Id(3)] string Currency);

/// <summary>What the reconciler changed on one payment.</summary>
public enum PaymentRepair
{
    None = 0,
    /// <summary>Paid at the gateway but not here (a lost webhook, a crash before our write): the success applied and the payer enrolled.</summary>
    Enrolled = 1,
    /// <summary>Refunded at the gateway (its dashboard) while succeeded here: marked refunded.</summary>
    MarkedRefunded = 2,
    /// <summary>Lapsed at the gateway while pending here: expired, its seat and coupon use given back.</summary>
    Expired = 3,
}

/// <summary>One reconciler run: how many payments it compared, the ids it repaired by kind (at most <see cref="MaxIds"/> each), and how many it could not ask about.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.reconcile-report")]
public sealed record ReconcileReport(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] DateTimeOffset FinishedAt,
    [property: Id(2)] int Checked,
    [property: Id(3)] int EnrolledCount,
    [property: Id(4)] ImmutableArray<string> Enrolled,
    [property: Id(5)] int RefundedCount,
    [property: Id(6)] ImmutableArray<string> Refunded,
    [property: Id(7)] int ExpiredCount,
    [property: Id(8)] ImmutableArray<string> Expired,
    [property: Id(9)] int Unreachable)
{
    public const int MaxIds = 500;
}
