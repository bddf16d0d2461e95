using Cohortly.Common;

namespace Cohortly.Payments;

/// <summary>Quotes and payment lists, read on whichever silo the request lands (a stateless worker per silo).</summary>
[Alias("cohortly.payments.payment-reader")]
public interface IPaymentReaderGrain : IGrainWithIntegerKey
{
    /// <summary>The price, the coupon's discount for this caller and the total; 422 <c>coupon-invalid</c> for a coupon that cannot be used.</summary>
    [Alias("quote")]
    Task<Quote> QuoteAsync(Caller caller, string bootcampId, PaymentPlan plan, string? couponCode);

    /// <summary>The caller's own payments, newest first.</summary>
    [Alias("list-mine")]
    Task<PageSlice<PaymentView>> ListMineAsync(Caller caller, int page, int pageSize);

    /// <summary>Admins: every payment for the bootcamp, newest first.</summary>
    [Alias("list-bootcamp")]
    Task<PageSlice<PaymentView>> ListBootcampAsync(Caller caller, string bootcampId, int page, int pageSize);

    /// <summary>Admins: every coupon, newest first.</summary>
    [Alias("list-coupons")]
    Task<PageSlice<CouponView>> ListCouponsAsync(Caller caller, int page, int pageSize);
}
