using Orleans.Concurrency;

namespace Cohortly.Payments;

/// <summary>The codes of every coupon, newest first, for the admins' list. Only admins read it and only coupon creation writes it.</summary>
[Alias("cohortly.payments.coupon-index")]
public interface ICouponIndexGrain : IGrainWithIntegerKey
{
    [Alias("add")]
    Task AddAsync(string code);

    [Alias("page"), ReadOnly]
    Task<(IReadOnlyList<string> Codes, int Total)> PageAsync(int page, int pageSize);
}
