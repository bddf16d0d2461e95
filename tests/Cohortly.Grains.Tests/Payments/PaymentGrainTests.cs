using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Payments;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Payments;

[Collection(ClusterCollection.Name)]
public sealed class PaymentGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task AGatewayEventAppliesOnceAndAnIllegalTransitionChangesNothing()
    {
        var bootcampId = await PaidBootcampAsync(capacity: 3);
        var student = Student("Payer");
        var paymentId = SecureTokens.NewId();
        await Payment(paymentId).CheckoutAsync(student, new CheckoutRequest(bootcampId, PaymentPlan.Full, null));
        var success = new GatewayEvent("evt_" + SecureTokens.NewId(), GatewayEventKind.CheckoutCompleted, paymentId, null);

        Assert.True(await Payment(paymentId).ApplyGatewayEventAsync(success));
        Assert.False(await Payment(paymentId).ApplyGatewayEventAsync(success));
        Assert.False(await Payment(paymentId).ApplyGatewayEventAsync(new GatewayEvent("evt_" + SecureTokens.NewId(), GatewayEventKind.PaymentFailed, paymentId, "late decline")));

        var payment = await Payment(paymentId).GetAsync(student);
        Assert.Equal((PaymentStatus.Succeeded, (string?)null), (payment.Status, payment.FailureReason));
        var enrollment = await Eventually.Until(
            () => _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId)).GetAsync(),
            e => e.Status == EnrollmentStatus.Active, TimeSpan.FromSeconds(10), "the paid enrollment");
        Assert.NotNull(enrollment.EnrolledAt);
        Assert.Equal(1, (await _grains.GetGrain<IBootcampGrain>(bootcampId).GetAsync())!.EnrolledCount);
    }

    [Fact]
    public async Task NothingButASucceededPaymentOfTheSameStudentEnrollsIntoAPaidBootcamp()
    {
        var bootcampId = await PaidBootcampAsync(capacity: 3);
        var payer = Student("Payer");
        var other = Student("Other");
        var paymentId = SecureTokens.NewId();
        await Payment(paymentId).CheckoutAsync(payer, new CheckoutRequest(bootcampId, PaymentPlan.Full, null));

        var unpaid = await Assert.ThrowsAsync<DomainException>(() => Enrollment(bootcampId, payer).EnrollPaidAsync(paymentId, "Payer"));
        Assert.Equal(DomainErrorKind.PaymentRequired, unpaid.Kind);
        await Payment(paymentId).ApplyGatewayEventAsync(new GatewayEvent("evt_" + SecureTokens.NewId(), GatewayEventKind.CheckoutCompleted, paymentId, null));
        var someoneElses = await Assert.ThrowsAsync<DomainException>(() => Enrollment(bootcampId, other).EnrollPaidAsync(paymentId, "Other"));
        Assert.Equal(DomainErrorKind.PaymentRequired, someoneElses.Kind);
        var direct = await Assert.ThrowsAsync<DomainException>(() => Enrollment(bootcampId, other).EnrollAsync(other));
        Assert.Equal(DomainErrorKind.PaymentRequired, direct.Kind);
    }

    private IPaymentGrain Payment(string paymentId) => _grains.GetGrain<IPaymentGrain>(paymentId);

    private IEnrollmentGrain Enrollment(string bootcampId, Caller student) => _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId));

    private static Caller Student(string name) => PaymentCast.Student(name);

    private Task<string> PaidBootcampAsync(int capacity) => PaymentCast.PaidBootcampAsync(_grains, capacity);
}

/// <summary>The bootcamps, students and coupons of the payment grain tests.</summary>
internal static class PaymentCast
{
    public static Caller Student(string name) => new(SecureTokens.NewId(), name, [Roles.Student]);

    public static async Task<string> CouponAsync(IGrainFactory grains, int maxRedemptions)
    {
        var code = "G" + SecureTokens.NewId()[..10].ToUpperInvariant();
        var admin = new Caller(SecureTokens.NewId(), "Admin", [Roles.Admin]);
        await grains.GetGrain<ICouponGrain>(code).CreateAsync(admin, new CouponDefinition(code, 50, null, null, null, maxRedemptions, [], false));
        return code;
    }

    public static async Task<string> PaidBootcampAsync(IGrainFactory grains, int capacity)
    {
        var bootcampId = SecureTokens.NewId();
        await grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(new Caller(SecureTokens.NewId(), "Instructor", [Roles.Instructor]), new BootcampDetails(
            "Paid", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30), capacity, 5_000, "USD", ["t"], ImmutableArray<string>.Empty));
        return bootcampId;
    }
}
