using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Payments;

/// <summary>
/// One coupon, keyed by its normalized code. Redemptions are counted here alone, so races cannot overspend it: a checkout
/// reserves a use, a success confirms it, a failure or expiry gives it back.
/// </summary>
[Alias("cohortly.payments.coupon")]
public interface ICouponGrain : IGrainWithStringKey
{
    /// <summary>Admins. Creating the same coupon again is a retry; a different one under a taken code is a conflict.</summary>
    [Alias("create")]
    Task<CouponView> CreateAsync(Caller caller, CouponDefinition definition);

    [Alias("get"), ReadOnly]
    Task<CouponView?> GetAsync();

    /// <summary>The discount for this use, or 422 <c>coupon-invalid</c> saying why not. Reserves nothing.</summary>
    [Alias("quote"), ReadOnly]
    Task<long> QuoteAsync(CouponUse use);

    /// <summary>Reserves one use for the payment until <paramref name="until"/>; a repeat for the same payment answers the same.</summary>
    [Alias("reserve")]
    Task<long> ReserveAsync(string paymentId, CouponUse use, DateTimeOffset until);

    /// <summary>The payment succeeded: its reserved use counts for good.</summary>
    [Alias("confirm")]
    Task ConfirmAsync(string paymentId);

    /// <summary>The payment failed or expired: its reserved use is free again.</summary>
    [Alias("release")]
    Task ReleaseAsync(string paymentId);
}
