using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Integrations.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Payments;

[GenerateSerializer, Alias("cohortly.payments.payment-state")]
public sealed partial class PaymentState : IHoldsPendingEvents
{
    [Id(0)] public string? BootcampId { get; set; }
    [Id(1)] public string UserId { get; set; } = "";
    [Id(2)] public string DisplayName { get; set; } = "";
    [Id(3)] public string BootcampTitle { get; set; } = "";
    [Id(4)] public PaymentPlan Plan { get; set; }
    [Id(5)] public PaymentStatus Status { get; set; }
    [Id(6)] public long PriceMinor { get; set; }
    [Id(7)] public long DiscountMinor { get; set; }
    [Id(8)] public long TotalMinor { get; set; }
    [Id(9)] public string Currency { get; set; } = "";
    [Id(10)] public string? CouponCode { get; set; }
    [Id(11)] public string? FailureReason { get; set; }
    [Id(12)] public DateTimeOffset CreatedAt { get; set; }
    [Id(13)] public DateTimeOffset SeatHeldUntil { get; set; }
    [Id(14)] public string? SessionId { get; set; }
    [Id(15)] public string? CheckoutUrl { get; set; }

    /// <summary>Gateway events already applied: a webhook delivered again changes nothing.</summary>
    [Id(16)] public List<string> AppliedEventIds { get; set; } = [];

    /// <summary>
    /// Set with the write that ends the payment, cleared once what follows from it is done (the coupon use confirmed or
    /// given back, the seat taken or given back, the payer enrolled): the follow-up reminder retries it after a crash.
    /// </summary>
    [Id(17)] public bool SettlementDue { get; set; }
    [Id(18)] public List<DomainEvent> PendingEvents { get; set; } = [];
    [Id(19)] public DateTimeOffset? SettledAt { get; set; }
}

[GrainType("payment")]
public sealed partial class PaymentGrain(
    [PersistentState("payment", StorageNames.Cohortly)] IPersistentState<PaymentState> state,
    IPaymentGateway gateway,
    IOptions<PaymentsOptions> options,
    TimeProvider time,
    ILogger<PaymentGrain> logger) : Grain, IPaymentGrain, IRemindable
{
    /// <summary>Expires the checkout when its seat hold runs out, and retries a settlement a crash interrupted.</summary>
    public const string FollowUpReminder = "cohortly.payment-follow-up";

    private static readonly TimeSpan FollowUpPeriod = TimeSpan.FromMinutes(1);

    private readonly EventOutbox<PaymentState> _events = new(state);

    private string PaymentId => this.GetPrimaryKeyString();

    private bool Exists => state.State.BootcampId is not null;

    // The refunds and invoices part (PaymentGrain.Refunds.cs) reaches the constructor's services through these.
    private IPersistentState<PaymentState> Stored => state;

    private IPaymentGateway Gateway => gateway;

    private TimeProvider Time => time;

    private ILogger Logger => logger;

    public async Task<PaymentView> CheckoutAsync(Caller caller, CheckoutRequest request)
    {
        if (!caller.Has(Roles.Student))
        {
            throw DomainException.Forbidden("Only students pay for bootcamps.");
        }
        var couponCode = string.IsNullOrWhiteSpace(request.CouponCode) ? null : PaymentRules.NormalizeCode(request.CouponCode);
        if (Exists)
        {
            if (state.State.UserId != caller.UserId || state.State.BootcampId != request.BootcampId || state.State.CouponCode != couponCode)
            {
                throw DomainException.Conflict("payment-exists", "This payment already exists.");
            }
            // The same student again under the id their Idempotency-Key gave: finish what the first call may not have.
            await CompleteCheckoutAsync();
            return View();
        }
        var installments = await InstallmentCountForAsync(request);
        var now = time.GetUtcNow();
        var until = now + options.Value.SeatHold;
        var bootcamp = GrainFactory.GetGrain<IBootcampGrain>(request.BootcampId);
        var hold = await bootcamp.HoldSeatAsync(PaymentId, caller.UserId, until);
        switch (hold.Outcome)
        {
            case SeatHoldOutcome.NoSuchBootcamp:
                throw DomainException.NotFound($"Bootcamp {request.BootcampId}");
            case SeatHoldOutcome.AlreadyEnrolled:
                throw DomainException.Conflict("already-enrolled", "You are already enrolled in this bootcamp.");
            case SeatHoldOutcome.Staff:
                throw DomainException.Conflict("staff-cannot-enroll", "Staff of a bootcamp cannot enroll in it as a student.");
            case SeatHoldOutcome.Full:
                throw DomainException.Conflict("bootcamp-full", "This bootcamp is full.");
        }
        long discount = 0;
        if (couponCode is not null)
        {
            try
            {
                var firstPurchase = !await GrainFactory.GetGrain<IPaymentListGrain>(IPaymentListGrain.OfUser(caller.UserId)).HasPaidAsync();
                discount = await GrainFactory.GetGrain<ICouponGrain>(couponCode).ReserveAsync(
                    PaymentId, new CouponUse(caller.UserId, request.BootcampId, hold.PriceMinor, hold.Currency, firstPurchase), until);
            }
            catch (DomainException)
            {
                await bootcamp.ReleaseSeatHoldAsync(PaymentId);
                throw;
            }
        }
        state.State.BootcampId = request.BootcampId;
        state.State.UserId = caller.UserId;
        state.State.DisplayName = caller.DisplayName;
        state.State.BootcampTitle = hold.BootcampTitle;
        state.State.Plan = request.Plan;
        state.State.Status = PaymentStatus.Pending;
        state.State.PriceMinor = hold.PriceMinor;
        state.State.DiscountMinor = discount;
        state.State.TotalMinor = hold.PriceMinor - discount;
        state.State.Currency = hold.Currency;
        state.State.CouponCode = couponCode;
        state.State.CreatedAt = now;
        state.State.SeatHeldUntil = until;
        FixSchedule(installments);
        await _events.WriteAsync(this);
        await CompleteCheckoutAsync();
        return View();
    }

    /// <summary>Each step is idempotent, so a retried checkout runs it again safely.</summary>
    private async Task CompleteCheckoutAsync()
    {
        await Task.WhenAll(
            GrainFactory.GetGrain<IPaymentListGrain>(IPaymentListGrain.OfUser(state.State.UserId)).AddAsync(PaymentId),
            GrainFactory.GetGrain<IPaymentListGrain>(IPaymentListGrain.OfBootcamp(state.State.BootcampId!)).AddAsync(PaymentId));
        if (state.State.Status == PaymentStatus.Pending && state.State.TotalMinor == 0)
        {
            // Nothing to charge (a 100 % coupon): no gateway, and the payer is enrolled before the answer.
            await MoveAsync(PaymentStatus.Succeeded, null);
            await SettleAsync();
            return;
        }
        if (state.State.Status == PaymentStatus.Pending && state.State.CheckoutUrl is null)
        {
            CheckoutSession session;
            try
            {
                session = await gateway.CreateCheckoutSessionAsync(new CheckoutSessionRequest(
                    PaymentId, state.State.UserId, state.State.BootcampTitle, FirstChargeMinor, state.State.Currency,
                    state.State.SeatHeldUntil, $"/pay/{Uri.EscapeDataString(PaymentId)}"));
            }
            catch (PaymentGatewayException unreachable)
            {
                // Nothing was charged: the checkout ends here, its seat hold and coupon use go back at once, and the
                // student is told to try again rather than left holding a seat they cannot pay for.
                logger.LogWarning(unreachable, "Payment {PaymentId}: the gateway refused or could not be reached; checkout failed", PaymentId);
                await MoveAsync(PaymentStatus.Failed, "The payment service could not be reached; nothing was charged.");
                await SettleAsync();
                throw new DomainException(DomainErrorKind.Unavailable, "payment-gateway-unavailable",
                    "Payments cannot be taken right now and nothing was charged; try again in a minute.");
            }
            state.State.SessionId = session.SessionId;
            state.State.CheckoutUrl = session.Url;
            await _events.WriteAsync(this);
        }
        var due = state.State.SeatHeldUntil - time.GetUtcNow();
        await this.RegisterOrUpdateReminder(FollowUpReminder, due > TimeSpan.Zero ? due : TimeSpan.FromSeconds(1), FollowUpPeriod);
        await SettleAsync();
    }

    public async Task<PaymentView> GetAsync(Caller caller)
    {
        RequirePayerOrAdmin(caller);
        await ExpireIfLapsedAsync();
        return View();
    }

    public Task<PaymentView?> GetSummaryAsync() => Task.FromResult(Exists ? View() : null);

    public async Task<TestCharge> BeginTestChargeAsync(Caller caller)
    {
        if (!Exists || state.State.UserId != caller.UserId)
        {
            throw DomainException.NotFound($"Payment {PaymentId}");
        }
        await ExpireIfLapsedAsync();
        if (state.State.Status != PaymentStatus.Pending)
        {
            throw DomainException.Conflict("payment-not-pending", state.State.Status == PaymentStatus.Expired
                ? "This checkout expired and its seat was released; start again from the bootcamp's page."
                : $"This payment is already {PaymentRules.StatusName(state.State.Status)}.");
        }
        return new TestCharge(PaymentId, state.State.SessionId ?? EmbeddedTestGateway.SessionIdOf(PaymentId), state.State.UserId,
            FirstChargeMinor, state.State.Currency);
    }

    public async Task<bool> ApplyGatewayEventAsync(GatewayEvent gatewayEvent)
    {
        if (!Exists)
        {
            logger.LogWarning("Gateway event {EventId} names payment {PaymentId}, which no checkout made; ignored", gatewayEvent.EventId, PaymentId);
            return false;
        }
        if (state.State.AppliedEventIds.Contains(gatewayEvent.EventId))
        {
            return false;
        }
        state.State.AppliedEventIds.Add(gatewayEvent.EventId);
        var next = gatewayEvent.Kind switch
        {
            GatewayEventKind.CheckoutCompleted => PaymentStatus.Succeeded,
            GatewayEventKind.CheckoutExpired => PaymentStatus.Expired,
            _ => PaymentStatus.Failed,
        };
        if (next == state.State.Status)
        {
            // The gateway agrees with what happened here already (its session lapsed when our hold did): nothing to do.
            await _events.WriteAsync(this);
            return false;
        }
        if (!PaymentRules.CanMove(state.State.Status, next))
        {
            logger.LogWarning("Payment {PaymentId}: {From} → {To} refused (gateway event {EventId})", PaymentId, state.State.Status, next, gatewayEvent.EventId);
            await _events.WriteAsync(this);
            return false;
        }
        await MoveAsync(next, gatewayEvent.FailureReason);
        // The webhook is answered now; the enrollment follows at once on a timer, and on the reminder if this activation dies first.
        this.RegisterGrainTimer(SettleAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return true;
    }

    public Task<PaymentProof?> GetProofAsync() =>
        Task.FromResult(Exists ? new PaymentProof(state.State.UserId, state.State.BootcampId!, state.State.Status) : null);

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _events.OnActivateAsync(this);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await _events.ReceiveReminderAsync(this, reminderName))
        {
            return;
        }
        if (reminderName == InstallmentsReminder)
        {
            await RunInstallmentsAsync();
            return;
        }
        await ExpireIfLapsedAsync();
        await SettleAsync();
        if (state.State.Status != PaymentStatus.Pending && !state.State.SettlementDue && await this.GetReminder(FollowUpReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>The seat hold ran out before the payment arrived: the checkout expires and gives back its seat and coupon use.</summary>
    private async Task ExpireIfLapsedAsync()
    {
        if (state.State.Status == PaymentStatus.Pending && time.GetUtcNow() >= state.State.SeatHeldUntil)
        {
            await MoveAsync(PaymentStatus.Expired, "The checkout expired before it was paid.");
            await SettleAsync();
        }
    }

    /// <summary>Stores the transition with its event and marks its consequences due.</summary>
    private async Task MoveAsync(PaymentStatus next, string? reason)
    {
        var now = time.GetUtcNow();
        var was = state.State.Status;
        state.State.Status = next;
        state.State.SettledAt = now;
        state.State.FailureReason = next == PaymentStatus.Succeeded ? null : reason;
        state.State.SettlementDue = true;
        OnCheckoutMoved(next, now);
        var s = state.State;
        _events.Raise(next switch
        {
            PaymentStatus.Succeeded => new PaymentSucceeded(DomainEventPublisher.NewEventId(), now, s.BootcampId!, PaymentId, s.UserId,
                s.BootcampTitle, FirstChargeMinor, s.DiscountMinor, s.Currency, s.CouponCode),
            PaymentStatus.Failed => new PaymentFailed(DomainEventPublisher.NewEventId(), now, s.BootcampId!, PaymentId, s.UserId,
                s.BootcampTitle, reason ?? "The payment did not go through."),
            _ => new PaymentExpired(DomainEventPublisher.NewEventId(), now, s.BootcampId!, PaymentId, s.UserId),
        });
        await _events.WriteAsync(this);
        logger.LogInformation("Payment {PaymentId}: {From} → {To}", PaymentId, was, next);
        await _events.PublishAsync(this);
    }

    /// <summary>
    /// What follows from the payment's end, each step idempotent: a success confirms the coupon use, records that this
    /// payer and bootcamp have paid, and enrolls the payer; a failure or expiry gives back the coupon use and the seat.
    /// </summary>
    private async Task SettleAsync()
    {
        if (!state.State.SettlementDue)
        {
            return;
        }
        var s = state.State;
        var coupon = s.CouponCode is null ? null : GrainFactory.GetGrain<ICouponGrain>(s.CouponCode);
        if (s.Status == PaymentStatus.Succeeded)
        {
            if (coupon is not null)
            {
                await coupon.ConfirmAsync(PaymentId);
            }
            await GrainFactory.GetGrain<IPaymentListGrain>(IPaymentListGrain.OfUser(s.UserId)).MarkPaidAsync();
            await GrainFactory.GetGrain<IPaymentListGrain>(IPaymentListGrain.OfBootcamp(s.BootcampId!)).MarkPaidAsync();
            await AllocateInvoiceAsync();
            try
            {
                await GrainFactory.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(s.BootcampId!, s.UserId)).EnrollPaidAsync(PaymentId, s.DisplayName);
            }
            catch (DomainException refused) when (refused.Code == "bootcamp-full")
            {
                await OnPaidWithoutSeatAsync();
            }
            await ArmInstallmentsAsync();
        }
        else
        {
            if (coupon is not null)
            {
                await coupon.ReleaseAsync(PaymentId);
            }
            await GrainFactory.GetGrain<IBootcampGrain>(s.BootcampId!).ReleaseSeatHoldAsync(PaymentId);
        }
        s.SettlementDue = false;
        await _events.WriteAsync(this);
    }

    private void RequirePayerOrAdmin(Caller caller)
    {
        if (!Exists || (state.State.UserId != caller.UserId && !caller.IsAdmin))
        {
            throw DomainException.NotFound($"Payment {PaymentId}");
        }
    }

    private PaymentView View()
    {
        var s = state.State;
        return WithSchedule(WithRefunds(new PaymentView(PaymentId, s.BootcampId!, s.BootcampTitle, s.UserId, s.Plan, s.Status, s.PriceMinor, s.DiscountMinor,
            s.TotalMinor, s.RefundedMinor, s.Currency, s.CouponCode, s.FailureReason, s.CreatedAt, s.SeatHeldUntil, s.CheckoutUrl)));
    }
}
