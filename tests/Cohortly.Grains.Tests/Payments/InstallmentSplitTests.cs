using Cohortly.Payments;
using FsCheck;
using FsCheck.Fluent;

namespace Cohortly.Grains.Tests.Payments;

public sealed class InstallmentSplitTests
{
    private static readonly DateTimeOffset Checkout = new(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnyTotalSplitsIntoTheRightNumberOfWholeAmountsThatAddUpExactly()
    {
        var cases =
            from total in Gen.Choose(0, int.MaxValue)
            from factor in Gen.Choose(1, 1000)
            from count in Gen.Choose(1, 12)
            select (total: (long)total * factor, count);
        var property = Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var split = PaymentRules.SplitInstallments(c.total, c.count, Checkout);
            return split.Length == c.count
                && split.Sum(i => i.AmountMinor) == c.total
                && split.All(i => i.AmountMinor >= 0)
                && split.Skip(1).All(i => i.AmountMinor == split[^1].AmountMinor)
                && split[0].AmountMinor - split[^1].AmountMinor < c.count;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Fact]
    public void TheRemainderGoesOnTheFirstAndTheDatesFollowMonthByMonthFromCheckout()
    {
        var split = PaymentRules.SplitInstallments(100_001, 3, Checkout);

        Assert.Equal([33_335, 33_333, 33_333], split.Select(i => i.AmountMinor));
        // A checkout on the 31st falls due on the last day of shorter months, as a calendar month does.
        Assert.Equal([Checkout, new DateTimeOffset(2026, 2, 28, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 31, 10, 0, 0, TimeSpan.Zero)],
            split.Select(i => i.DueAt));
    }
}
