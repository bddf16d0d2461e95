using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Payments;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Payments;

/// <summary>One silo on a clock of its own, so months of a schedule and its grace pass at once.</summary>
public sealed class InstallmentCluster : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cohortly-installments");

    public ClusterFixture Fixture { get; private set; } = null!;

    public OffsetClock Clock { get; } = OffsetClock.For("installments");

    public async Task InitializeAsync()
    {
        Fixture = ClusterFixture.On(_data.Path, 1, new Dictionary<string, string> { [OffsetClock.SettingKey] = "installments" });
        await Fixture.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Fixture.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>
/// A plan's later charges through the payment grain's reminder, driven as the reminder would (the clock moved, then the
/// reminder's tick), and their outcomes as the gateway's verified invoice webhooks deliver them.
/// </summary>
public sealed class InstallmentPlanTests(InstallmentCluster cluster) : IClassFixture<InstallmentCluster>
{
    private readonly IGrainFactory _grains = cluster.Fixture.Grains;
    private static readonly Caller Admin = new(SecureTokens.NewId(), "Admin", [Roles.Admin]);

    [Fact]
    public async Task AFailedInstallmentIsRetriedThenSuspendsAccessAfterGraceAndPayingItRestoresAccessAtOnce()
    {
        var (bootcampId, student, paymentId) = await PaidFirstInstallmentAsync(price: 90_001, count: 3);
        var plan = await Plans(paymentId).GetAsync(student);
        Assert.Equal([ChargeStatus.Paid, ChargeStatus.Scheduled, ChargeStatus.Scheduled], plan.Schedule.Select(c => c.Status));
        Assert.Equal([30_001L, 30_000, 30_000], plan.Schedule.Select(c => c.AmountMinor));

        // Nothing is taken before it is due.
        await TickAsync(paymentId);
        Assert.Equal(ChargeStatus.Scheduled, (await ChargeAsync(student, paymentId, 1)).Status);

        cluster.Clock.Advance(TimeSpan.FromDays(32));
        await TickAsync(paymentId);
        await TickAsync(paymentId);
        var second = await ChargeAsync(student, paymentId, 1);
        // Two ticks, one attempt: the charge waits on the gateway's answer instead of being sent again.
        Assert.Equal((ChargeStatus.Processing, 1), (second.Status, second.Attempts));

        Assert.True(await Installments(paymentId).ApplyGatewayChargeAsync(Failed(paymentId, second.ChargeId)));
        var failed = await ChargeAsync(student, paymentId, 1);
        Assert.Equal(ChargeStatus.Failed, failed.Status);
        Assert.Equal(failed.FailedAt + TimeSpan.FromDays(1), failed.NextAttemptAt);
        Assert.False((await Enrollment(bootcampId, student).GetAsync()).Suspended);

        cluster.Clock.Advance(TimeSpan.FromDays(1));
        await TickAsync(paymentId);
        Assert.Equal((ChargeStatus.Processing, 2), ((await ChargeAsync(student, paymentId, 1)).Status, (await ChargeAsync(student, paymentId, 1)).Attempts));
        var again = Failed(paymentId, second.ChargeId);
        Assert.True(await Installments(paymentId).ApplyGatewayChargeAsync(again));
        Assert.False(await Installments(paymentId).ApplyGatewayChargeAsync(again));
        Assert.Equal(failed.FailedAt + TimeSpan.FromDays(3), (await ChargeAsync(student, paymentId, 1)).NextAttemptAt);

        cluster.Clock.Advance(TimeSpan.FromDays(6.5));
        await TickAsync(paymentId);
        Assert.Equal(ChargeStatus.Overdue, (await ChargeAsync(student, paymentId, 1)).Status);
        var suspended = await Enrollment(bootcampId, student).GetAsync();
        Assert.True(suspended.Suspended);
        var hold = Assert.Single(suspended.Holds);
        Assert.Equal($"payment/{paymentId}", hold.Key);
        Assert.Contains("Installment Bootcamp", hold.Reason);
        Assert.Contains("300.00 USD", hold.Reason);
        Assert.True((await Plans(paymentId).GetAsync(student)).Suspended);

        // The student updates the card on the payment's page: what is owed is charged at once, and access is back.
        var owed = await Installments(paymentId).BeginOwedPaymentAsync(student);
        var attempt = Assert.Single(owed!.Attempts);
        Assert.Equal((second.ChargeId, 30_000L), (attempt.ChargeId, attempt.AmountMinor));
        Assert.True(await Installments(paymentId).ApplyGatewayChargeAsync(Paid(paymentId, second.ChargeId)));
        Assert.Equal(ChargeStatus.Paid, (await ChargeAsync(student, paymentId, 1)).Status);
        Assert.False((await Enrollment(bootcampId, student).GetAsync()).Suspended);
        Assert.False((await Plans(paymentId).GetAsync(student)).Suspended);
    }

    [Fact]
    public async Task PayingTheRemainingBalanceMarksEveryChargePaidAndOnlyThePayerMayAskForIt()
    {
        var (_, student, paymentId) = await PaidFirstInstallmentAsync(price: 60_000, count: 4);
        var stranger = PaymentCast.Student("Stranger");

        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => Installments(paymentId).PayRemainingAsync(stranger))).Kind);
        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => Installments(paymentId).PayRemainingAsync(Admin))).Kind);
        Assert.Equal(DomainErrorKind.NotFound, (await Assert.ThrowsAsync<DomainException>(() => Installments(paymentId).BeginOwedPaymentAsync(stranger))).Kind);
        // Nothing failed and no balance asked for: the card page has nothing of the plan to pay.
        Assert.Null(await Installments(paymentId).BeginOwedPaymentAsync(student));

        var balance = await Installments(paymentId).PayRemainingAsync(student);
        Assert.Equal((45_000L, $"/pay/{paymentId}"), (balance.AmountMinor, balance.CheckoutUrl));
        var owed = await Installments(paymentId).BeginOwedPaymentAsync(student);
        Assert.Equal(3, owed!.Attempts.Length);
        Assert.Equal(45_000, owed.TotalMinor);
        foreach (var attempt in owed.Attempts)
        {
            await Installments(paymentId).ApplyGatewayChargeAsync(Paid(paymentId, attempt.ChargeId));
        }

        Assert.All((await Plans(paymentId).GetAsync(student)).Schedule, c => Assert.Equal(ChargeStatus.Paid, c.Status));
        Assert.Equal("nothing-to-pay", (await Assert.ThrowsAsync<DomainException>(() => Installments(paymentId).PayRemainingAsync(student))).Code);
    }

    [Fact]
    public async Task ARefundIsCappedByWhatWasPaidSoFarAndAFullRefundStopsTheLaterCharges()
    {
        var (_, student, paymentId) = await PaidFirstInstallmentAsync(price: 90_000, count: 3);
        var refunds = _grains.GetGrain<IPaymentRefundsGrain>(paymentId);

        var tooMuch = await Assert.ThrowsAsync<DomainException>(() => refunds.RefundAsync(Admin, new RefundRequest(SecureTokens.NewId(), 30_001, "too much", false)));
        Assert.Equal("refund-amount-invalid", tooMuch.Code);
        var all = await refunds.RefundAsync(Admin, new RefundRequest(SecureTokens.NewId(), null, "Changed plans", KeepEnrollment: true));

        Assert.Equal(30_000, all.AmountMinor);
        var payment = await Plans(paymentId).GetAsync(student);
        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.Equal([ChargeStatus.Paid, ChargeStatus.Canceled, ChargeStatus.Canceled], payment.Schedule.Select(c => c.Status));
        cluster.Clock.Advance(TimeSpan.FromDays(40));
        await TickAsync(paymentId);
        Assert.Equal(ChargeStatus.Canceled, (await ChargeAsync(student, paymentId, 1)).Status);
    }

    [Fact]
    public async Task ABootcampWithoutAPlanRefusesTheInstallmentCheckout()
    {
        var bootcampId = await BootcampAsync(50_000, count: 1);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Plans(SecureTokens.NewId())
            .CheckoutAsync(PaymentCast.Student("Eager"), new CheckoutRequest(bootcampId, PaymentPlan.Installments, null)));

        Assert.Equal("installments-not-offered", refused.Code);
    }

    private async Task<(string BootcampId, Caller Student, string PaymentId)> PaidFirstInstallmentAsync(long price, int count)
    {
        var bootcampId = await BootcampAsync(price, count);
        var student = PaymentCast.Student("Planner");
        var paymentId = SecureTokens.NewId();
        var checkout = await Plans(paymentId).CheckoutAsync(student, new CheckoutRequest(bootcampId, PaymentPlan.Installments, null));
        Assert.Equal(count, checkout.Schedule.Length);
        Assert.Equal(price, checkout.Schedule.Sum(c => c.AmountMinor));
        await Plans(paymentId).ApplyGatewayEventAsync(new GatewayEvent("evt_" + SecureTokens.NewId(), GatewayEventKind.CheckoutCompleted, paymentId, null));
        await Eventually.Until(() => Enrollment(bootcampId, student).GetAsync(), e => e.Status == EnrollmentStatus.Active, TimeSpan.FromSeconds(10), "the paid enrollment");
        return (bootcampId, student, paymentId);
    }

    private async Task<string> BootcampAsync(long price, int count)
    {
        var bootcampId = SecureTokens.NewId();
        var now = cluster.Clock.GetUtcNow();
        await _grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(new Caller(SecureTokens.NewId(), "Instructor", [Roles.Instructor]),
            new BootcampDetails("Installment Bootcamp", "", now, now.AddDays(120), 10, price, "USD", ["t"], ImmutableArray<string>.Empty) { InstallmentCount = count });
        return bootcampId;
    }

    private Task TickAsync(string paymentId) =>
        _grains.GetGrain<IPaymentGrain>(paymentId).AsReference<IRemindable>().ReceiveReminder(Cohortly.Payments.PaymentGrain.InstallmentsReminder, default);

    private async Task<ScheduledCharge> ChargeAsync(Caller student, string paymentId, int index) => (await Plans(paymentId).GetAsync(student)).Schedule[index];

    private static GatewayChargeEvent Failed(string paymentId, string chargeId) =>
        new("evt_" + SecureTokens.NewId(), paymentId, chargeId, "in_" + SecureTokens.NewId(), false, 0, "Your card was declined.");

    private static GatewayChargeEvent Paid(string paymentId, string chargeId) =>
        new("evt_" + SecureTokens.NewId(), paymentId, chargeId, "in_" + SecureTokens.NewId(), true, 0, null);

    private IPaymentGrain Plans(string paymentId) => _grains.GetGrain<IPaymentGrain>(paymentId);

    private IPaymentInstallmentsGrain Installments(string paymentId) => _grains.GetGrain<IPaymentInstallmentsGrain>(paymentId);

    private IEnrollmentGrain Enrollment(string bootcampId, Caller student) => _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId));
}
