namespace Cohortly.Payments;

// Refund and invoice records sit in their own file so this work and the checkout's other changes merge without touching
// the same lines.

public enum RefundStatus
{
    /// <summary>Stored and sent to the gateway, not yet confirmed (a crash here is retried under the same idempotency key).</summary>
    Pending = 0,
    Succeeded = 1,
    /// <summary>The gateway refused or could not be reached; nothing was refunded and the amount is free to refund again.</summary>
    Failed = 2,
}

/// <summary>An admin's refund: <see cref="AmountMinor"/> null means everything not yet refunded.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.refund-request")]
public sealed record RefundRequest(
    [property: Id(0)] string RefundId,
    [property: Id(1)] long? AmountMinor,
    [property: Id(2)] string Reason,
    [property: Id(3)] bool KeepEnrollment);

[GenerateSerializer, Immutable, Alias("cohortly.payments.refund-view")]
public sealed record RefundView(
    [property: Id(0)] string RefundId,
    [property: Id(1)] long AmountMinor,
    [property: Id(2)] RefundStatus Status,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] bool KeepEnrollment,
    [property: Id(6)] string? GatewayRefundId);

/// <summary>
/// A verified <c>charge.refunded</c> event: the total the gateway has refunded on the payment so far (Stripe reports the
/// running total, so a replay or an out-of-order delivery never counts an amount twice).
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.gateway-refund-event")]
public sealed record GatewayRefundEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] string PaymentId,
    [property: Id(2)] long AmountRefundedMinor);

/// <summary>Who sells, as printed on the invoice. <see cref="TaxPercent"/> is included in the prices, never added on top.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.invoice-seller")]
public sealed record InvoiceSeller(
    [property: Id(0)] string Name,
    [property: Id(1)] string Address,
    [property: Id(2)] string? TaxId,
    [property: Id(3)] decimal? TaxPercent);

/// <summary>What an invoice prints beyond the payment itself, fixed when the number was given, so the PDF never changes.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.invoice-info")]
public sealed record InvoiceInfo(
    [property: Id(0)] string Number,
    [property: Id(1)] DateTimeOffset IssuedAt,
    [property: Id(2)] InvoiceSeller Seller,
    [property: Id(3)] string BuyerName,
    [property: Id(4)] string BuyerEmail);
