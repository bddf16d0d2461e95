using System.Text.RegularExpressions;

namespace Cohortly.Payments;

/// <summary>Coupon codes and discounts, shared by the front end's checks and the grains.</summary>
public static partial class PaymentRules
{
    public const int CodeMax = 40;
    public const int MaxBootcampsPerCoupon = 50;

    /// <summary>Codes are case-insensitive for the buyer: "spring25" and "SPRING25" are one coupon.</summary>
    public static string NormalizeCode(string code) => code.Trim().ToUpperInvariant();

    public static bool IsValidCode(string code) => CodePattern().IsMatch(code);

    /// <summary>What a coupon takes off a price: never more than the price, never below zero; a percentage rounds down to whole minor units.</summary>
    public static long DiscountOf(CouponDefinition coupon, long priceMinor) =>
        Math.Clamp(
            coupon.PercentOff is { } percent ? priceMinor * percent / 100 : coupon.AmountOffMinor ?? 0,
            0, priceMinor);

    public static Dictionary<string, string[]> Validate(CouponDefinition coupon)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsValidCode(coupon.Code))
        {
            errors["code"] = [$"A code is 3 to {CodeMax} letters, digits, '-' or '_'."];
        }
        if (coupon.PercentOff is null == coupon.AmountOffMinor is null)
        {
            errors["percentOff"] = ["Give either percentOff or amountOffMinor."];
        }
        if (coupon.PercentOff is { } percent && percent is < 1 or > 100)
        {
            errors["percentOff"] = ["percentOff is from 1 to 100."];
        }
        if (coupon.AmountOffMinor is { } amount)
        {
            if (amount < 1)
            {
                errors["amountOffMinor"] = ["amountOffMinor is at least 1."];
            }
            if (coupon.Currency is not { Length: 3 })
            {
                errors["currency"] = ["A fixed amount needs its ISO currency code."];
            }
        }
        if (coupon.MaxRedemptions is < 1)
        {
            errors["maxRedemptions"] = ["maxRedemptions is at least 1."];
        }
        if (coupon.BootcampIds.Length > MaxBootcampsPerCoupon)
        {
            errors["bootcampIds"] = [$"A coupon names at most {MaxBootcampsPerCoupon} bootcamps."];
        }
        return errors;
    }

    /// <summary>
    /// Pending ends once. A success that arrives after the checkout expired, or after a declined attempt (webhooks come
    /// in any order, and a buyer may retry another card on the same checkout), is still taken: the money has moved, so
    /// the payer gets the seat if one is free (and a refund otherwise).
    /// </summary>
    public static bool CanMove(PaymentStatus from, PaymentStatus to) => (from, to) switch
    {
        (PaymentStatus.Pending, PaymentStatus.Succeeded or PaymentStatus.Failed or PaymentStatus.Expired or PaymentStatus.Canceled) => true,
        (PaymentStatus.Expired or PaymentStatus.Failed, PaymentStatus.Succeeded) => true,
        _ => false,
    };

    public static string StatusName(PaymentStatus status) => status switch
    {
        PaymentStatus.PartiallyRefunded => "partially_refunded",
        _ => status.ToString().ToLowerInvariant(),
    };

    [GeneratedRegex("^[A-Z0-9_-]{3,40}$")]
    private static partial Regex CodePattern();
}
