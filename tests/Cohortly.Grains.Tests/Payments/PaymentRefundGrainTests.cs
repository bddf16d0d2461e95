using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Payments;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Payments;

[Collection(ClusterCollection.Name)]
public sealed class PaymentRefundGrainTests(ClusterFixture fixture)
{
    private static readonly Caller Admin = new(SecureTokens.NewId(), "Admin", [Roles.Admin]);

    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task APartialRefundRightAfterTheSuccessStillLeavesTheStudentEnrolled()
    {
        var bootcampId = await PaymentCast.PaidBootcampAsync(_grains, capacity: 2);
        var student = PaymentCast.Student("Quickly Refunded");
        var paymentId = SecureTokens.NewId();
        await Payment(paymentId).CheckoutAsync(student, new CheckoutRequest(bootcampId, PaymentPlan.Full, null));

        // The refund is asked before the success's enrollment, which follows the webhook on a timer, has had its turn.
        await Payment(paymentId).ApplyGatewayEventAsync(new GatewayEvent("evt_" + SecureTokens.NewId(), GatewayEventKind.CheckoutCompleted, paymentId, null));
        var refund = await _grains.GetGrain<IPaymentRefundsGrain>(paymentId).RefundAsync(Admin, new RefundRequest(SecureTokens.NewId(), 1_000, "Late start", KeepEnrollment: false));

        Assert.Equal((RefundStatus.Succeeded, 1_000L), (refund.Status, refund.AmountMinor));
        var payment = await Payment(paymentId).GetAsync(student);
        Assert.Equal((PaymentStatus.PartiallyRefunded, 1_000L), (payment.Status, payment.RefundedMinor));
        Assert.NotNull(payment.Invoice);
        Assert.Equal(EnrollmentStatus.Active, (await _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId)).GetAsync()).Status);
    }

    [Fact]
    public async Task AnInvoiceNumberAskedAgainForTheSamePaymentIsTheSameNumber()
    {
        var numbers = _grains.GetGrain<IInvoiceNumberGrain>(IInvoiceNumberGrain.KeyOf("seller-" + SecureTokens.NewId(), 2026));

        var first = await numbers.AllocateAsync("pay-a");
        var again = await numbers.AllocateAsync("pay-a");
        var next = await numbers.AllocateAsync("pay-b");

        Assert.Equal((1L, 1L, 2L), (first, again, next));
    }

    private IPaymentGrain Payment(string paymentId) => _grains.GetGrain<IPaymentGrain>(paymentId);
}
