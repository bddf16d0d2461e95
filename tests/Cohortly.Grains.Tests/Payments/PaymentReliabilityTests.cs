using System.Net;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Integrations.Payments;
using Cohortly.Payments;
using Cohortly.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Cohortly.Grains.Tests.Payments;

/// <summary>Webhooks in any order, checkout sessions that lapse, the gateway's own records, and the reconciler that compares with them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PaymentReliabilityTests(ClusterFixture fixture)
{
    /// <summary>Nothing listens here: a webhook posted to it fails at once, as one to an endpoint that is down.</summary>
    private const string Unreachable = "http://127.0.0.1:9/webhooks/stripe";

    private static readonly Caller Admin = new(SecureTokens.NewId(), "Admin", [Roles.Admin]);

    private readonly IGrainFactory _grains = fixture.Grains;

    /// <summary>
    /// A purchase's events (the success, a decline, the session's expiry, each perhaps delivered several times) arrive in
    /// any order: the end is always the same. With the success among them the payer is enrolled once, holds one seat and
    /// used the coupon once; without it they are not enrolled and the coupon's use is given back.
    /// </summary>
    [Fact]
    public void EveryOrderOfAPurchasesEventsEndsInTheSameState()
    {
        var orders =
            from completed in Gen.Choose(0, 3)
            from failed in Gen.Choose(0, 2)
            from expired in Gen.Choose(0, 2)
            from order in Gen.Shuffle(Enumerable.Repeat(GatewayEventKind.CheckoutCompleted, completed)
                .Concat(Enumerable.Repeat(GatewayEventKind.PaymentFailed, failed))
                .Concat(Enumerable.Repeat(GatewayEventKind.CheckoutExpired, expired)))
            select order;

        var property = Prop.ForAll(orders.ToArbitrary(), order =>
        {
            var expected = order.Contains(GatewayEventKind.CheckoutCompleted) ? Outcome.Paid : order.Length > 0 ? Outcome.Unpaid : Outcome.Waiting;
            var actual = OutcomeAfterAsync(order).GetAwaiter().GetResult();
            return (actual == expected).Label($"{string.Join(", ", order)} ended {actual}, expected {expected}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), property);
    }

    [Fact]
    public async Task AnExpiredSessionEndsThePendingPaymentAndGivesBackItsSeatAndCouponUse()
    {
        var bootcampId = await PaymentCast.PaidBootcampAsync(_grains, capacity: 1);
        var code = await PaymentCast.CouponAsync(_grains, maxRedemptions: 1);
        var first = PaymentCast.Student("First");
        var paymentId = SecureTokens.NewId();
        await Payment(paymentId).CheckoutAsync(first, new CheckoutRequest(bootcampId, PaymentPlan.Full, code));

        Assert.True(await Payment(paymentId).ApplyGatewayEventAsync(Event(paymentId, GatewayEventKind.CheckoutExpired)));

        Assert.Equal(PaymentStatus.Expired, (await Payment(paymentId).GetAsync(first)).Status);
        // The only seat and the only coupon use are free again for the next buyer.
        var next = await Eventually.Until(
            async () =>
            {
                try
                {
                    return await Payment(SecureTokens.NewId()).CheckoutAsync(PaymentCast.Student("Next"), new CheckoutRequest(bootcampId, PaymentPlan.Full, code));
                }
                catch (DomainException refused) when (refused.Code is "bootcamp-full" or "coupon-invalid")
                {
                    return null;
                }
            },
            payment => payment is not null, TimeSpan.FromSeconds(10), "the expired checkout's seat and coupon use");
        Assert.Equal(PaymentStatus.Pending, next!.Status);
    }

    [Fact]
    public async Task AnExpiryAfterTheSuccessChangesNothing()
    {
        var bootcampId = await PaymentCast.PaidBootcampAsync(_grains, capacity: 2);
        var student = PaymentCast.Student("Payer");
        var paymentId = SecureTokens.NewId();
        await Payment(paymentId).CheckoutAsync(student, new CheckoutRequest(bootcampId, PaymentPlan.Full, null));
        await Payment(paymentId).ApplyGatewayEventAsync(Event(paymentId, GatewayEventKind.CheckoutCompleted));

        Assert.False(await Payment(paymentId).ApplyGatewayEventAsync(Event(paymentId, GatewayEventKind.CheckoutExpired)));

        Assert.Equal(PaymentStatus.Succeeded, (await Payment(paymentId).GetAsync(student)).Status);
        await EnrolledAsync(bootcampId, student);
    }

    [Fact]
    public async Task TheEmbeddedGatewayKeepsAPaidSessionAndRefusesASecondChargeOrACardOnALapsedOne()
    {
        var bootcampId = await PaymentCast.PaidBootcampAsync(_grains, capacity: 2);
        var student = PaymentCast.Student("Payer");
        var paymentId = SecureTokens.NewId();
        await Payment(paymentId).CheckoutAsync(student, new CheckoutRequest(bootcampId, PaymentPlan.Full, null));
        Assert.Equal(new GatewayCheckoutStatus(GatewayCheckoutState.Open, 5_000, 0), await Session(paymentId).GetStatusAsync());

        var charge = await Payment(paymentId).BeginTestChargeAsync(student);
        await Session(paymentId).ChargeAsync(charge, TestCardOutcome.Succeeds, Unreachable);

        Assert.Equal(new GatewayCheckoutStatus(GatewayCheckoutState.Paid, 5_000, 0), await Session(paymentId).GetStatusAsync());
        var again = await Assert.ThrowsAsync<DomainException>(() => Session(paymentId).ChargeAsync(charge, TestCardOutcome.Succeeds, Unreachable));
        Assert.Equal("payment-not-pending", again.Code);
        Assert.Null(await Session(SecureTokens.NewId()).GetStatusAsync());
    }

    [Fact]
    public async Task TheGatewayRetriesAWebhookWithGrowingDelaysUntilItIsAnsweredAndSignsEachAttemptAnew()
    {
        using var endpoint = new FlakyEndpoint(failures: 2);
        var bootcampId = await PaymentCast.PaidBootcampAsync(_grains, capacity: 2);
        var student = PaymentCast.Student("Payer");
        var paymentId = SecureTokens.NewId();
        await Payment(paymentId).CheckoutAsync(student, new CheckoutRequest(bootcampId, PaymentPlan.Full, null));

        await Session(paymentId).ChargeAsync(await Payment(paymentId).BeginTestChargeAsync(student), TestCardOutcome.Succeeds, endpoint.Url);

        await Eventually.Until(() => Session(paymentId).UndeliveredAsync(), count => count == 0, TimeSpan.FromSeconds(20), "the third attempt's 200");
        var attempts = endpoint.Attempts;
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Select(a => a.Payload).Distinct());
        Assert.Contains("checkout.session.completed", attempts[0].Payload, StringComparison.Ordinal);
        // 1 s, then 2 s (less a little for the timers' own slack).
        Assert.InRange(attempts[1].At - attempts[0].At, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.InRange(attempts[2].At - attempts[1].At, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(8));
        Assert.Equal(3, attempts.Select(a => a.Signature).Distinct().Count());
        Assert.Equal(TimeSpan.FromHours(1), TestGatewaySessionGrain.Backoff(40));
    }

    [Fact]
    public async Task TheReconcilerEnrollsAPayerWhoseWebhookNeverArrivedAndMarksARefundMadeAtTheGateway()
    {
        var bootcampId = await PaymentCast.PaidBootcampAsync(_grains, capacity: 5);
        var lost = PaymentCast.Student("Lost webhook");
        var refunded = PaymentCast.Student("Refunded at the dashboard");
        var pending = PaymentCast.Student("Still paying");
        var lostPayment = await CheckedOutAsync(bootcampId, lost);
        var refundedPayment = await CheckedOutAsync(bootcampId, refunded);
        var pendingPayment = await CheckedOutAsync(bootcampId, pending);
        // Paid at the gateway, but its webhook cannot reach Cohortly: the payment here still waits.
        await Session(lostPayment).ChargeAsync(await Payment(lostPayment).BeginTestChargeAsync(lost), TestCardOutcome.Succeeds, Unreachable);
        // Paid and applied here, then refunded in full at the gateway, which sends no event Cohortly reads.
        await Payment(refundedPayment).ApplyGatewayEventAsync(Event(refundedPayment, GatewayEventKind.CheckoutCompleted));
        await EnrolledAsync(bootcampId, refunded);
        await Session(refundedPayment).ChargeAsync(await ChargeOfAsync(refundedPayment, refunded), TestCardOutcome.Succeeds, Unreachable);
        await Session(refundedPayment).RefundAtGatewayAsync(5_000);
        Assert.Equal(PaymentStatus.Pending, (await Payment(lostPayment).GetAsync(lost)).Status);

        // The catalog learns of a new bootcamp a moment after it is made; the run that sees it repairs both.
        var report = await Eventually.Until(() => _grains.GetGrain<IPaymentReconcilerGrain>(IPaymentReconcilerGrain.Key).ReconcileAsync(Admin),
            r => r.Enrolled.Contains(lostPayment), TimeSpan.FromSeconds(20), "a reconciliation that sees the new bootcamp");

        Assert.Contains(refundedPayment, report.Refunded);
        Assert.DoesNotContain(pendingPayment, report.Enrolled.Concat(report.Refunded).Concat(report.Expired));
        Assert.True(report.Checked >= 3);
        Assert.Equal(PaymentStatus.Succeeded, (await Payment(lostPayment).GetAsync(lost)).Status);
        await EnrolledAsync(bootcampId, lost);
        Assert.Equal(PaymentStatus.Refunded, (await Payment(refundedPayment).GetAsync(refunded)).Status);
        // Whether a refund withdraws the enrollment is the refund rules' call: the reconciler leaves it.
        await EnrolledAsync(bootcampId, refunded);
        Assert.Equal(PaymentStatus.Pending, (await Payment(pendingPayment).GetAsync(pending)).Status);

        var second = await _grains.GetGrain<IPaymentReconcilerGrain>(IPaymentReconcilerGrain.Key).ReconcileAsync(Admin);
        Assert.DoesNotContain(lostPayment, second.Enrolled);
        Assert.DoesNotContain(refundedPayment, second.Refunded);
        Assert.Equal(2, (await _grains.GetGrain<IBootcampGrain>(bootcampId).GetAsync())!.EnrolledCount);
    }

    [Fact]
    public async Task OnlyAdminsRunTheReconciler()
    {
        foreach (var role in new[] { Roles.Student, Roles.Instructor, Roles.Mentor })
        {
            var refused = await Assert.ThrowsAsync<DomainException>(() => _grains.GetGrain<IPaymentReconcilerGrain>(IPaymentReconcilerGrain.Key)
                .ReconcileAsync(new Caller(SecureTokens.NewId(), "Not admin", [role])));
            Assert.Equal(DomainErrorKind.Forbidden, refused.Kind);
        }
    }

    private enum Outcome
    {
        Waiting,
        Paid,
        Unpaid,
    }

    private async Task<Outcome> OutcomeAfterAsync(GatewayEventKind[] order)
    {
        var bootcampId = await PaymentCast.PaidBootcampAsync(_grains, capacity: 2);
        var code = await PaymentCast.CouponAsync(_grains, maxRedemptions: 5);
        var student = PaymentCast.Student("Any order");
        var paymentId = SecureTokens.NewId();
        await Payment(paymentId).CheckoutAsync(student, new CheckoutRequest(bootcampId, PaymentPlan.Full, code));
        // One event per kind; its copies are redeliveries of it.
        var ids = Enum.GetValues<GatewayEventKind>().ToDictionary(kind => kind, _ => "evt_" + SecureTokens.NewId());
        foreach (var kind in order)
        {
            await Payment(paymentId).ApplyGatewayEventAsync(new GatewayEvent(ids[kind], kind, paymentId, "declined"));
        }
        var status = (await Payment(paymentId).GetAsync(student)).Status;
        var coupon = _grains.GetGrain<ICouponGrain>(code);
        var enrollment = _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId));
        switch (status)
        {
            case PaymentStatus.Pending:
                var held = await coupon.GetAsync();
                return held!.Reserved == 1 && held.Redemptions == 0 ? Outcome.Waiting : Outcome.Unpaid;
            case PaymentStatus.Succeeded:
                // The settlement runs on a timer after the event is stored.
                var active = await Eventually.Until(enrollment.GetAsync, e => e.Status == EnrollmentStatus.Active, TimeSpan.FromSeconds(10), "the enrollment");
                var used = await Eventually.Until(coupon.GetAsync, c => c!.Reserved == 0, TimeSpan.FromSeconds(10), "the coupon use confirmed");
                var seats = (await _grains.GetGrain<IBootcampGrain>(bootcampId).GetAsync())!.EnrolledCount;
                return used!.Redemptions == 1 && seats == 1 && active.Status == EnrollmentStatus.Active ? Outcome.Paid : Outcome.Waiting;
            default:
                var released = await Eventually.Until(coupon.GetAsync, c => c!.Reserved == 0, TimeSpan.FromSeconds(10), "the coupon use given back");
                return released!.Redemptions == 0 && (await enrollment.GetAsync()).Status != EnrollmentStatus.Active
                    && status is PaymentStatus.Failed or PaymentStatus.Expired ? Outcome.Unpaid : Outcome.Waiting;
        }
    }

    private async Task<string> CheckedOutAsync(string bootcampId, Caller student)
    {
        var paymentId = SecureTokens.NewId();
        await Payment(paymentId).CheckoutAsync(student, new CheckoutRequest(bootcampId, PaymentPlan.Full, null));
        return paymentId;
    }

    /// <summary>The charge as the gateway's page makes it, for a payment that no longer takes test cards here.</summary>
    private async Task<TestCharge> ChargeOfAsync(string paymentId, Caller student)
    {
        var view = await Payment(paymentId).GetAsync(student);
        return new TestCharge(paymentId, EmbeddedTestGateway.SessionIdOf(paymentId), student.UserId, view.TotalMinor, view.Currency);
    }

    private Task<Enrollment> EnrolledAsync(string bootcampId, Caller student) => Eventually.Until(
        () => _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId)).GetAsync(),
        e => e.Status == EnrollmentStatus.Active, TimeSpan.FromSeconds(10), "the paid enrollment");

    private static GatewayEvent Event(string paymentId, GatewayEventKind kind) => new("evt_" + SecureTokens.NewId(), kind, paymentId, null);

    private IPaymentGrain Payment(string paymentId) => _grains.GetGrain<IPaymentGrain>(paymentId);

    private ITestGatewaySessionGrain Session(string paymentId) => _grains.GetGrain<ITestGatewaySessionGrain>(paymentId);

    /// <summary>A webhook endpoint that answers 503 to its first <c>failures</c> posts and 200 after, noting each.</summary>
    private sealed class FlakyEndpoint : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<(DateTimeOffset At, string Payload, string Signature)> _attempts = [];
        private readonly int _failures;

        public FlakyEndpoint(int failures)
        {
            _failures = failures;
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/webhooks/stripe/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = ServeAsync();
        }

        public string Url { get; }

        public IReadOnlyList<(DateTimeOffset At, string Payload, string Signature)> Attempts
        {
            get
            {
                lock (_attempts)
                {
                    return [.. _attempts];
                }
            }
        }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception stopped) when (stopped is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var reader = new StreamReader(context.Request.InputStream);
                var payload = await reader.ReadToEndAsync();
                int count;
                lock (_attempts)
                {
                    _attempts.Add((DateTimeOffset.UtcNow, payload, context.Request.Headers[StripeWebhooks.SignatureHeader] ?? ""));
                    count = _attempts.Count;
                }
                context.Response.StatusCode = count <= _failures ? 503 : 200;
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }
}
