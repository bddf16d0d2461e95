using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Payments;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Payments;

/// <summary>One silo whose checkouts hold their seat for two seconds, so a hold runs out while the test watches.</summary>
public sealed class ShortHoldCluster : IAsyncLifetime
{
    public static readonly TimeSpan SeatHold = TimeSpan.FromSeconds(2);

    private readonly TempDirectory _data = new("cohortly-seat-hold");

    public ClusterFixture Fixture { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fixture = ClusterFixture.On(_data.Path, 1, new Dictionary<string, string> { ["Cohortly:Payments:SeatHold"] = SeatHold.ToString() });
        await Fixture.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Fixture.DisposeAsync();
        _data.Dispose();
    }
}

public sealed class SeatHoldExpiryTests(ShortHoldCluster cluster) : IClassFixture<ShortHoldCluster>
{
    private readonly IGrainFactory _grains = cluster.Fixture.Grains;

    [Fact]
    public async Task AnUnpaidCheckoutExpiresWhenItsHoldRunsOutAndItsSeatAndCouponUseGoToTheNextBuyer()
    {
        var bootcampId = await PaymentCast.PaidBootcampAsync(_grains, capacity: 1);
        var code = await PaymentCast.CouponAsync(_grains, maxRedemptions: 1);
        var first = PaymentCast.Student("First");
        var second = PaymentCast.Student("Second");
        var firstPayment = SecureTokens.NewId();
        var pending = await Payment(firstPayment).CheckoutAsync(first, new CheckoutRequest(bootcampId, PaymentPlan.Full, code));
        Assert.Equal(PaymentStatus.Pending, pending.Status);
        var full = await Assert.ThrowsAsync<DomainException>(() => Payment(SecureTokens.NewId()).CheckoutAsync(second, new CheckoutRequest(bootcampId, PaymentPlan.Full, null)));
        Assert.Equal("bootcamp-full", full.Code);

        Assert.True(pending.SeatHeldUntil - DateTimeOffset.UtcNow <= ShortHoldCluster.SeatHold);

        var taken = await Eventually.Until(
            async () =>
            {
                try
                {
                    return await Payment(SecureTokens.NewId()).CheckoutAsync(second, new CheckoutRequest(bootcampId, PaymentPlan.Full, code));
                }
                catch (DomainException refused) when (refused.Code is "bootcamp-full" or "coupon-invalid")
                {
                    return null;
                }
            },
            payment => payment is not null, TimeSpan.FromSeconds(15), "the lapsed hold to free the seat and the coupon use");
        Assert.Equal((PaymentStatus.Pending, 2_500L), (taken!.Status, taken.TotalMinor));
        var expired = await Payment(firstPayment).GetAsync(first);
        Assert.Equal(PaymentStatus.Expired, expired.Status);
        var late = await Assert.ThrowsAsync<DomainException>(() => Payment(firstPayment).BeginTestChargeAsync(first));
        Assert.Equal("payment-not-pending", late.Code);
    }

    private IPaymentGrain Payment(string paymentId) => _grains.GetGrain<IPaymentGrain>(paymentId);
}
