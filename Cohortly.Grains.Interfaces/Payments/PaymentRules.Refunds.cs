using System.Globalization;

namespace Cohortly.Payments;

public static partial class PaymentRules
{
    public const int RefundReasonMax = 500;

    /// <summary>The reason given when a payment arrives after its hold lapsed and no seat is left.</summary>
    public const string NoSeatReason = "no seat left";

    /// <summary>The automatic refund's id: one per payment, so a retried settlement refunds once.</summary>
    public static string NoSeatRefundId(string paymentId) => $"{paymentId}-no-seat";

    public static bool IsNoSeatRefund(string paymentId, string refundId) => refundId == NoSeatRefundId(paymentId);

    /// <summary>e.g. <c>INV-2026-000123</c>.</summary>
    public static string InvoiceNumber(int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"INV-{year}-{sequence:000000}");

    /// <summary>The tax inside a tax-inclusive total, rounded half away from zero to whole minor units.</summary>
    public static long IncludedTax(long totalMinor, decimal taxPercent) =>
        totalMinor - (long)Math.Round(totalMinor * 100m / (100m + taxPercent), MidpointRounding.AwayFromZero);
}
