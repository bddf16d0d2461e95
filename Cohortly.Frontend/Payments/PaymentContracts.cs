using System.ComponentModel.DataAnnotations;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Payments;

namespace Cohortly.Frontend.Payments;

public static class PaymentWire
{
    public const string Full = "full";
    public const string Installments = "installments";

    public static string Plan(PaymentPlan plan) => plan == PaymentPlan.Installments ? Installments : Full;

    public static PaymentPlan? ParsePlan(string? plan) => plan switch
    {
        null or Full => PaymentPlan.Full,
        Installments => PaymentPlan.Installments,
        _ => null,
    };
}

public sealed record InstallmentResponse(DateTimeOffset DueAt, long AmountMinor);

public sealed record QuoteResponse(
    [property: EnumValues(PaymentWire.Full, PaymentWire.Installments)] string Plan,
    string Currency,
    long PriceMinor,
    long DiscountMinor,
    long TotalMinor,
    IReadOnlyList<InstallmentResponse> Installments)
{
    public static QuoteResponse From(Quote quote) =>
        new(PaymentWire.Plan(quote.Plan), quote.Currency, quote.PriceMinor, quote.DiscountMinor, quote.TotalMinor,
            [.. quote.Installments.Select(i => new InstallmentResponse(i.DueAt, i.AmountMinor))]);
}

public sealed record CheckoutBody(
    [property: EnumValues(PaymentWire.Full, PaymentWire.Installments)] string? Plan,
    string? CouponCode);

public sealed record CheckoutResponse(
    string PaymentId,
    [property: EnumValues(typeof(PaymentStatusName))] string Status,
    long TotalMinor,
    string Currency,
    string? CheckoutUrl,
    DateTimeOffset SeatHeldUntil);

public sealed record TestCardRequest([property: Required] string? CardNumber);

public sealed record ScheduleEntryResponse(DateTimeOffset DueAt, long AmountMinor, [property: EnumValues(typeof(ChargeStatus))] string Status)
{
    public static ScheduleEntryResponse From(ScheduledCharge charge) => new(charge.DueAt, charge.AmountMinor, PaymentRules.ChargeStatusName(charge.Status));
}

public sealed record PaymentResponse(
    string PaymentId,
    string BootcampId,
    string BootcampTitle,
    string UserId,
    [property: EnumValues(PaymentWire.Full, PaymentWire.Installments)] string Plan,
    [property: EnumValues(typeof(PaymentStatusName))] string Status,
    long PriceMinor,
    long TotalMinor,
    long DiscountMinor,
    long RefundedMinor,
    string Currency,
    string? CouponCode,
    string? FailureReason,
    IReadOnlyList<ScheduleEntryResponse> Schedule,
    DateTimeOffset CreatedAt,
    DateTimeOffset SeatHeldUntil,
    string? CheckoutUrl,
    IReadOnlyList<RefundResponse> Refunds,
    string? InvoiceNumber,
    bool Suspended)
{
    public static PaymentResponse From(PaymentView p)
    {
        var status = PaymentRules.StatusName(p.Status);
        return new(p.PaymentId, p.BootcampId, p.BootcampTitle, p.UserId, PaymentWire.Plan(p.Plan), status, p.PriceMinor, p.TotalMinor,
            p.DiscountMinor, p.RefundedMinor, p.Currency, p.CouponCode, p.FailureReason,
            [.. p.Schedule.Select(ScheduleEntryResponse.From)], p.CreatedAt, p.SeatHeldUntil,
            p.Status == PaymentStatus.Pending ? p.CheckoutUrl : null, [.. p.Refunds.Select(RefundResponse.From)], p.Invoice?.Number, p.Suspended);
    }
}

/// <summary>The wire names of <see cref="PaymentStatus"/>, for the published schema (snake_case like API.md).</summary>
public enum PaymentStatusName
{
    Pending,
    Succeeded,
    Failed,
    Canceled,
    Expired,
    Partially_Refunded,
    Refunded,
}

public sealed record CreateCouponRequest(
    [property: Required] string? Code,
    int? PercentOff,
    long? AmountOffMinor,
    string? Currency,
    DateTimeOffset? ExpiresAt,
    int? MaxRedemptions,
    IReadOnlyList<string>? BootcampIds,
    bool? FirstTimeOnly);

public sealed record CouponResponse(
    string Code,
    int? PercentOff,
    long? AmountOffMinor,
    string? Currency,
    DateTimeOffset? ExpiresAt,
    int? MaxRedemptions,
    IReadOnlyList<string> BootcampIds,
    bool FirstTimeOnly,
    int Redemptions,
    int Reserved,
    DateTimeOffset CreatedAt)
{
    public static CouponResponse From(CouponView c) => new(
        c.Definition.Code, c.Definition.PercentOff, c.Definition.AmountOffMinor, c.Definition.Currency, c.Definition.ExpiresAt,
        c.Definition.MaxRedemptions, c.Definition.BootcampIds.IsDefault ? [] : c.Definition.BootcampIds, c.Definition.FirstTimeOnly,
        c.Redemptions, c.Reserved, c.CreatedAt);
}

/// <summary>One reconciler run: each repaired kind's count and ids (at most 500 ids each; the count is whole).</summary>
public sealed record ReconcileResponse(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    int Checked,
    RepairedPayments Enrolled,
    RepairedPayments Refunded,
    RepairedPayments Expired,
    int Unreachable)
{
    public static ReconcileResponse From(ReconcileReport r) => new(r.StartedAt, r.FinishedAt, r.Checked,
        new(r.EnrolledCount, r.Enrolled), new(r.RefundedCount, r.Refunded), new(r.ExpiredCount, r.Expired), r.Unreachable);
}

public sealed record RepairedPayments(int Count, IReadOnlyList<string> PaymentIds);
