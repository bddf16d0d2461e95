using System.Collections.Immutable;

namespace Cohortly.Analytics;

/// <summary>
/// One calendar month (UTC) of the platform view, keyed <c>YYYY-MM</c>: enrollments, revenue per currency and who was
/// active. Fed by the bootcamps' projections; every record is keyed by its source's id, so a repeat changes nothing.
/// </summary>
[Alias("cohortly.analytics.platform-month")]
public interface IPlatformMonthGrain : IGrainWithStringKey
{
    /// <summary>One enrollment, keyed <c>{bootcampId}/{userId}</c>: enrolling twice in a month counts once.</summary>
    [Alias("record-enrollment")]
    Task RecordEnrollmentAsync(string enrollmentKey);

    [Alias("record-payment")]
    Task RecordPaymentAsync(string paymentId, string currency, long grossMinor, long discountMinor);

    [Alias("record-refund")]
    Task RecordRefundAsync(string refundId, string currency, long amountMinor);

    [Alias("record-activity")]
    Task RecordActivityAsync(string userId, DateTimeOffset at);

    [Alias("get-figures")]
    Task<MonthFigures> GetFiguresAsync();

    /// <summary>The users whose latest activity this month is at or after <paramref name="since"/>.</summary>
    [Alias("active-since")]
    Task<ImmutableArray<string>> ActiveSinceAsync(DateTimeOffset since);
}
