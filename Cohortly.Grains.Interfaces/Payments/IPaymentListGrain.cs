using Orleans.Concurrency;

namespace Cohortly.Payments;

/// <summary>
/// The payment ids of one payer (<c>user/{userId}</c>) or one bootcamp (<c>bootcamp/{bootcampId}</c>), newest first, and
/// whether any of them succeeded (first-time coupons, and price changes turning admin-only).
/// </summary>
[Alias("cohortly.payments.payment-list")]
public interface IPaymentListGrain : IGrainWithStringKey
{
    [Alias("add")]
    Task AddAsync(string paymentId);

    [Alias("mark-paid")]
    Task MarkPaidAsync();

    [Alias("has-paid"), ReadOnly]
    Task<bool> HasPaidAsync();

    [Alias("page"), ReadOnly]
    Task<(IReadOnlyList<string> PaymentIds, int Total)> PageAsync(int page, int pageSize);

    public static string OfUser(string userId) => $"user/{userId}";

    public static string OfBootcamp(string bootcampId) => $"bootcamp/{bootcampId}";
}
