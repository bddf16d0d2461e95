using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Notifications;
using Cohortly.Payments;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Payments;

/// <summary>A payment that arrives after its two-second hold lapsed and someone else took the only seat.</summary>
public sealed class LostSeatRefundTests(ShortHoldCluster cluster) : IClassFixture<ShortHoldCluster>
{
    private readonly IGrainFactory _grains = cluster.Fixture.Grains;

    [Fact]
    public async Task APaymentArrivingAfterTheLastSeatWentToSomeoneElseIsRefundedInFullAndTheStudentIsToldWhy()
    {
        var bootcampId = await PaymentCast.PaidBootcampAsync(_grains, capacity: 1);
        var late = PaymentCast.Student("Late Lou");
        var quick = PaymentCast.Student("Quick Quinn");
        var latePayment = SecureTokens.NewId();
        await Payment(latePayment).CheckoutAsync(late, new CheckoutRequest(bootcampId, PaymentPlan.Full, null));
        var quickPayment = await Eventually.Until(
            async () =>
            {
                try
                {
                    return await Payment(SecureTokens.NewId()).CheckoutAsync(quick, new CheckoutRequest(bootcampId, PaymentPlan.Full, null));
                }
                catch (DomainException refused) when (refused.Code == "bootcamp-full")
                {
                    return null;
                }
            },
            payment => payment is not null, TimeSpan.FromSeconds(15), "the lapsed hold to free the seat");
        await Paid(quickPayment!.PaymentId);
        await Eventually.Until(() => Enrollment(bootcampId, quick).GetAsync(), e => e.Status == EnrollmentStatus.Active, TimeSpan.FromSeconds(15), "the quick student's enrollment");

        await Paid(latePayment);

        var refunded = await Eventually.Until(() => Payment(latePayment).GetAsync(late), p => p.Status == PaymentStatus.Refunded, TimeSpan.FromSeconds(15), "the automatic refund");
        Assert.Equal(refunded.TotalMinor, refunded.RefundedMinor);
        var refund = Assert.Single(refunded.Refunds);
        Assert.Equal((RefundStatus.Succeeded, PaymentRules.NoSeatReason, 5_000L), (refund.Status, refund.Reason, refund.AmountMinor));
        Assert.Contains("filled up", refunded.FailureReason, StringComparison.Ordinal);
        Assert.Equal(EnrollmentStatus.None, (await Enrollment(bootcampId, late).GetAsync()).Status);
        Assert.Equal(EnrollmentStatus.Active, (await Enrollment(bootcampId, quick).GetAsync()).Status);
        var told = await Eventually.Until(
            async () => (await _grains.GetGrain<INotificationInboxGrain>(late.UserId).ListAsync(false, null, 1, 20)).Items.FirstOrDefault(n => n.Kind == NotificationKinds.PaymentRefunded),
            n => n is not null, TimeSpan.FromSeconds(15), "the refund notification");
        Assert.Contains("filled up", told!.Body, StringComparison.Ordinal);
        // The reminder's retry of the settlement finds the refund made and refunds nothing more.
        Assert.Single((await Payment(latePayment).GetAsync(late)).Refunds);
    }

    private Task<bool> Paid(string paymentId) =>
        Payment(paymentId).ApplyGatewayEventAsync(new GatewayEvent("evt_" + SecureTokens.NewId(), GatewayEventKind.CheckoutCompleted, paymentId, null));

    private IPaymentGrain Payment(string paymentId) => _grains.GetGrain<IPaymentGrain>(paymentId);

    private IEnrollmentGrain Enrollment(string bootcampId, Caller student) =>
        _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId));
}
