using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Payments;

namespace Cohortly.Frontend.Payments;

/// <summary>An admin's refund: no <c>amountMinor</c> refunds everything not yet refunded.</summary>
public sealed record RefundBody(long? AmountMinor, string? Reason, bool? KeepEnrollment);

public sealed record RefundResponse(
    string RefundId,
    long AmountMinor,
    [property: EnumValues(typeof(RefundStatus))] string Status,
    string Reason,
    DateTimeOffset CreatedAt,
    bool KeepEnrollment)
{
    public static RefundResponse From(RefundView r) =>
        new(r.RefundId, r.AmountMinor, r.Status.ToString().ToLowerInvariant(), r.Reason, r.CreatedAt, r.KeepEnrollment);
}
