using System.Collections.Immutable;

namespace Cohortly.Payments;

public static partial class PaymentRules
{
    /// <summary>
    /// Splits a total into <paramref name="count"/> monthly amounts in whole minor units: the remainder goes on the
    /// first, so they always add up to the total exactly. The first is due at <paramref name="start"/> (the checkout),
    /// the others a calendar month apart (or <paramref name="every"/> apart, which demos and tests set to minutes).
    /// </summary>
    public static ImmutableArray<InstallmentQuote> SplitInstallments(long totalMinor, int count, DateTimeOffset start, TimeSpan? every = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalMinor);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var each = totalMinor / count;
        var first = each + totalMinor % count;
        return [.. Enumerable.Range(0, count).Select(i => new InstallmentQuote(every is { } step ? start + step * i : start.AddMonths(i), i == 0 ? first : each))];
    }

    /// <summary>422 <c>installments-not-offered</c> for the installment plan on a bootcamp that has none (its count is 1).</summary>
    public static void RequireInstallmentsOffered(PaymentPlan plan, Bootcamps.BootcampDetails bootcamp)
    {
        if (plan == PaymentPlan.Installments && bootcamp.InstallmentCount < 2)
        {
            throw new Common.DomainException(Common.DomainErrorKind.Unprocessable, "installments-not-offered",
                "This bootcamp is paid in full; it has no installment plan.");
        }
    }

    public static string ChargeIdOf(string paymentId, int number) => $"{paymentId}-{number}";

    public static string AttemptIdOf(string chargeId, int attempt) => $"{chargeId}-a{attempt}";

    /// <summary>
    /// When a failed charge is tried again, as offsets from its first failure: day 1, 3 and 5 of the default 7-day grace,
    /// scaled to whatever grace is configured.
    /// </summary>
    public static ImmutableArray<TimeSpan> RetryOffsets(TimeSpan grace) => [grace / 7, grace * 3 / 7, grace * 5 / 7];

    public static string ChargeStatusName(ChargeStatus status) => status.ToString().ToLowerInvariant();
}
