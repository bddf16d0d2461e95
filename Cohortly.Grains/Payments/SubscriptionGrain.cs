using Cohortly.Accounts;
using Cohortly.Analytics;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Email;
using Cohortly.Events;
using Cohortly.Integrations.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Payments;

[GenerateSerializer, Alias("cohortly.payments.subscription-state")]
public sealed class SubscriptionState : IHoldsPendingEvents
{
    [Id(0)] public string? UserId { get; set; }
    [Id(1)] public SubscriptionPlan Plan { get; set; }
    [Id(2)] public SubscriptionStatus Status { get; set; }
    [Id(3)] public long PriceMinor { get; set; }
    [Id(4)] public string Currency { get; set; } = "";
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
    [Id(6)] public DateTimeOffset CheckoutExpiresAt { get; set; }
    [Id(7)] public string? CheckoutUrl { get; set; }
    [Id(8)] public string? GatewaySubscriptionId { get; set; }
    [Id(9)] public string? CustomerId { get; set; }
    [Id(10)] public DateTimeOffset? CurrentPeriodEnd { get; set; }
    [Id(11)] public bool CancelAtPeriodEnd { get; set; }
    [Id(12)] public DateTimeOffset? PastDueSince { get; set; }
    [Id(13)] public bool AccessSuspended { get; set; }
    [Id(14)] public DateTimeOffset? EndedAt { get; set; }
    [Id(15)] public string? FailureReason { get; set; }

    /// <summary>Gateway events already applied: a webhook delivered again changes nothing.</summary>
    [Id(16)] public List<string> AppliedEventIds { get; set; } = [];

    /// <summary>Invoices already counted, so an invoice reported by two events (or twice) renews once.</summary>
    [Id(17)] public HashSet<string> PaidInvoiceIds { get; set; } = [];

    [Id(18)] public List<DomainEvent> PendingEvents { get; set; } = [];

    /// <summary>
    /// Set with the write that suspends or restores access (or owes an email), cleared once every covered enrollment
    /// agrees and the emails are queued: the clock's reminder retries it after a crash.
    /// </summary>
    [Id(19)] public bool FollowUpDue { get; set; }

    /// <summary>The events whose email is still owed (each is sent under its event id, so a repeat sends nothing more).</summary>
    [Id(20)] public List<DomainEvent> MailDue { get; set; } = [];

    /// <summary>The day access ended, for the words on the suspended enrollments.</summary>
    [Id(21)] public DateTimeOffset? AccessEndedAt { get; set; }

    /// <summary>Paid invoices not yet counted in the platform's monthly revenue (each counted once by its key).</summary>
    [Id(22)] public List<SubscriptionRevenue> RevenueDue { get; set; } = [];
}

/// <summary>One paid invoice on its way to the platform's revenue by month.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.subscription-revenue")]
public sealed record SubscriptionRevenue(
    [property: Id(0)] string Key,
    [property: Id(1)] DateTimeOffset PaidAt,
    [property: Id(2)] string Currency,
    [property: Id(3)] long AmountMinor);

/// <summary>
/// One platform subscription. The gateway's verified webhooks move it (activation, renewals, failures, the gateway's own
/// cancelation); its own clock, on a reminder, ends it at the period's end once renewal was turned off, and suspends the
/// enrollments made through it when a failed renewal stays unpaid past the grace period. A later paid renewal restores them.
/// </summary>
[GrainType("subscription")]
public sealed class SubscriptionGrain(
    [PersistentState("subscription", StorageNames.Cohortly)] IPersistentState<SubscriptionState> state,
    ISubscriptionGateway gateway,
    IOptions<SubscriptionOptions> options,
    TimeProvider time,
    ILogger<SubscriptionGrain> logger) : Grain, ISubscriptionGrain, IRemindable
{
    public const string ClockReminder = "cohortly.subscription-clock";

    /// <summary>Applied event ids kept: Stripe retries for three days, far fewer events than this in a subscription's life.</summary>
    private const int AppliedEventsKept = 500;

    private readonly EventOutbox<SubscriptionState> _events = new(state);

    private string SubscriptionId => this.GetPrimaryKeyString();

    private bool Exists => state.State.UserId is not null;

    private SubscriptionState S => state.State;

    public async Task<SubscriptionView> StartAsync(Caller caller, SubscriptionPlan plan)
    {
        if (!caller.Has(Roles.Student))
        {
            throw DomainException.Forbidden("Only students subscribe.");
        }
        if (Exists)
        {
            if (S.UserId != caller.UserId || S.Plan != plan)
            {
                throw DomainException.Conflict("subscription-exists", "This subscription already exists.");
            }
            // The same student again under the id their Idempotency-Key gave: finish what the first call may not have.
            await OpenCheckoutAsync();
            return View();
        }
        var pointer = GrainFactory.GetGrain<IUserSubscriptionGrain>(caller.UserId);
        var current = await pointer.GetCurrentAsync();
        if (current is not null && current != SubscriptionId
            && await GrainFactory.GetGrain<ISubscriptionGrain>(current).GetSummaryAsync() is { } other)
        {
            if (other.Status is SubscriptionStatus.Active or SubscriptionStatus.PastDue)
            {
                throw DomainException.Conflict("already-subscribed", "You already have a subscription; manage it on your Subscription page.");
            }
            if (other.Status == SubscriptionStatus.Pending)
            {
                throw DomainException.Conflict("subscription-pending",
                    "You have a subscription checkout open: finish it, or start again once it lapses.");
            }
        }
        if (!await pointer.ReplaceCurrentAsync(current, SubscriptionId))
        {
            throw DomainException.Conflict("already-subscribed", "Another subscription was started at the same moment; reload to see it.");
        }
        var now = time.GetUtcNow();
        S.UserId = caller.UserId;
        S.Plan = plan;
        S.Status = SubscriptionStatus.Pending;
        S.PriceMinor = options.Value.PriceOf(plan);
        S.Currency = options.Value.Currency.ToUpperInvariant();
        S.CreatedAt = now;
        S.CheckoutExpiresAt = now + options.Value.CheckoutExpiry;
        await _events.WriteAsync(this);
        await OpenCheckoutAsync();
        return View();
    }

    /// <summary>Idempotent: the gateway answers the same checkout for the same subscription.</summary>
    private async Task OpenCheckoutAsync()
    {
        if (S.Status != SubscriptionStatus.Pending || S.CheckoutUrl is not null)
        {
            return;
        }
        CheckoutSession session;
        try
        {
            session = await gateway.CreateSubscriptionCheckoutAsync(new SubscriptionCheckoutRequest(
                SubscriptionId, S.UserId!, S.Plan, $"Cohortly {SubscriptionRules.PlanName(S.Plan)} subscription", S.PriceMinor, S.Currency,
                S.CheckoutExpiresAt, "/subscription"));
        }
        catch (PaymentGatewayException unreachable)
        {
            logger.LogWarning(unreachable, "Subscription {SubscriptionId}: the gateway refused or could not be reached; checkout canceled", SubscriptionId);
            S.FailureReason = "The payment service could not be reached; nothing was charged.";
            End(time.GetUtcNow(), "");
            await _events.WriteAsync(this);
            throw new DomainException(DomainErrorKind.Unavailable, "payment-gateway-unavailable",
                "Payments cannot be taken right now and nothing was charged; try again in a minute.");
        }
        S.CheckoutUrl = session.Url;
        await _events.WriteAsync(this);
        await ArmClockAsync();
    }

    public async Task<SubscriptionView> GetAsync(Caller caller)
    {
        RequireOwnerOrAdmin(caller);
        await TickAsync();
        return View();
    }

    public Task<SubscriptionView?> GetSummaryAsync() => Task.FromResult(Exists ? View() : null);

    public async Task<SubscriptionView> CancelAtPeriodEndAsync(Caller caller) => await SetRenewalAsync(caller, cancel: true);

    public async Task<SubscriptionView> KeepRenewingAsync(Caller caller) => await SetRenewalAsync(caller, cancel: false);

    private async Task<SubscriptionView> SetRenewalAsync(Caller caller, bool cancel)
    {
        RequireOwnerOrAdmin(caller);
        await TickAsync();
        if (S.Status is not (SubscriptionStatus.Active or SubscriptionStatus.PastDue))
        {
            throw DomainException.Conflict("subscription-not-active", S.Status == SubscriptionStatus.Pending
                ? "This subscription has not started yet."
                : "This subscription has ended; start a new one from the Subscription page.");
        }
        if (S.CancelAtPeriodEnd == cancel)
        {
            return View();
        }
        try
        {
            await gateway.SetCancelAtPeriodEndAsync(SubscriptionId, S.GatewaySubscriptionId, cancel);
        }
        catch (PaymentGatewayException unreachable)
        {
            logger.LogWarning(unreachable, "Subscription {SubscriptionId}: the gateway could not change renewal", SubscriptionId);
            throw new DomainException(DomainErrorKind.Unavailable, "payment-gateway-unavailable",
                "The payment service cannot be reached right now; nothing was changed. Try again in a minute.");
        }
        ChangeRenewal(cancel);
        await _events.WriteAsync(this);
        await PublishAndFollowUpAsync();
        return View();
    }

    private void ChangeRenewal(bool cancel)
    {
        S.CancelAtPeriodEnd = cancel;
        Raise(new SubscriptionRenewalChanged(DomainEventPublisher.NewEventId(), time.GetUtcNow(), SubscriptionId, S.UserId!, cancel, S.CurrentPeriodEnd), mail: true);
    }

    public async Task<TestSubscriptionCharge> BeginTestChargeAsync(Caller caller)
    {
        if (!Exists || S.UserId != caller.UserId)
        {
            throw DomainException.NotFound($"Subscription {SubscriptionId}");
        }
        await TickAsync();
        if (S.Status != SubscriptionStatus.Pending)
        {
            throw DomainException.Conflict("payment-not-pending", S.Status == SubscriptionStatus.Canceled
                ? "This checkout lapsed; start again from the Subscription page."
                : "This subscription is already paid.");
        }
        return new TestSubscriptionCharge(SubscriptionId, S.UserId!, S.Plan, S.PriceMinor, S.Currency);
    }

    public Task<string?> GetCustomerAsync(Caller caller)
    {
        if (!Exists || S.UserId != caller.UserId)
        {
            throw DomainException.NotFound($"Subscription {SubscriptionId}");
        }
        return Task.FromResult(S.CustomerId);
    }

    public async Task<bool> ApplyGatewayEventAsync(GatewaySubscriptionEvent gatewayEvent)
    {
        var e = gatewayEvent;
        if (!Exists)
        {
            logger.LogWarning("Gateway event {EventId} names subscription {SubscriptionId}, which no checkout made; ignored", e.EventId, SubscriptionId);
            return false;
        }
        if (S.AppliedEventIds.Contains(e.EventId))
        {
            return false;
        }
        S.AppliedEventIds.Add(e.EventId);
        if (S.AppliedEventIds.Count > AppliedEventsKept)
        {
            S.AppliedEventIds.RemoveAt(0);
        }
        S.GatewaySubscriptionId ??= e.GatewaySubscriptionId;
        S.CustomerId ??= e.CustomerId;
        var changed = e.Kind switch
        {
            GatewaySubscriptionEventKind.CheckoutCompleted => Activate(e.PeriodEnd, e.AmountMinor),
            GatewaySubscriptionEventKind.InvoicePaid => InvoicePaid(e),
            GatewaySubscriptionEventKind.InvoicePaymentFailed => RenewalFailed(e.FailureReason),
            GatewaySubscriptionEventKind.Updated => Updated(e),
            _ => End(time.GetUtcNow(), "The subscription was canceled."),
        };
        await _events.WriteAsync(this);
        if (changed)
        {
            await ArmClockAsync();
            await PublishAndFollowUpAsync();
        }
        return changed;
    }

    private bool Activate(DateTimeOffset? periodEnd, long amountMinor)
    {
        if (S.Status != SubscriptionStatus.Pending)
        {
            ExtendPeriodOnly(periodEnd);
            return false;
        }
        var now = time.GetUtcNow();
        if (!Move(SubscriptionStatus.Active))
        {
            return false;
        }
        S.CurrentPeriodEnd = periodEnd ?? SubscriptionRules.PeriodEndAfter(S.Plan, now);
        var paid = amountMinor > 0 ? amountMinor : S.PriceMinor;
        Raise(new SubscriptionActivated(DomainEventPublisher.NewEventId(), now, SubscriptionId, S.UserId!, S.Plan, paid, S.Currency, S.CurrentPeriodEnd.Value), mail: true);
        S.RevenueDue.Add(new SubscriptionRevenue($"subscription/{SubscriptionId}/first", now, S.Currency, paid));
        return true;
    }

    private bool InvoicePaid(GatewaySubscriptionEvent e)
    {
        var first = S.PaidInvoiceIds.Count == 0;
        if (e.InvoiceId is { } invoiceId && !S.PaidInvoiceIds.Add(invoiceId))
        {
            return false;
        }
        switch (S.Status)
        {
            case SubscriptionStatus.Pending:
                return Activate(e.PeriodEnd, e.AmountMinor);
            case SubscriptionStatus.Canceled:
                logger.LogWarning("Subscription {SubscriptionId}: invoice {InvoiceId} paid after it was canceled; refused", SubscriptionId, e.InvoiceId);
                return false;
        }
        var was = S.Status;
        if (first && was == SubscriptionStatus.Active)
        {
            // The first invoice after a checkout that already activated the subscription: nothing new to tell.
            ExtendPeriodOnly(e.PeriodEnd);
            return true;
        }
        ExtendPeriod(e.PeriodEnd);
        if (was == SubscriptionStatus.PastDue)
        {
            Move(SubscriptionStatus.Active);
            S.PastDueSince = null;
            S.FailureReason = null;
            if (S.AccessSuspended)
            {
                S.AccessSuspended = false;
                S.AccessEndedAt = null;
                S.FollowUpDue = true;
            }
        }
        var renewal = new SubscriptionRenewed(DomainEventPublisher.NewEventId(), time.GetUtcNow(), SubscriptionId, S.UserId!,
            e.AmountMinor > 0 ? e.AmountMinor : S.PriceMinor, S.Currency, S.CurrentPeriodEnd!.Value, e.InvoiceId ?? e.EventId);
        Raise(renewal, mail: true);
        S.RevenueDue.Add(new SubscriptionRevenue($"subscription/{SubscriptionId}/{renewal.InvoiceId}", renewal.OccurredAt, S.Currency, renewal.AmountMinor));
        return true;
    }

    private void ExtendPeriod(DateTimeOffset? periodEnd)
    {
        if (periodEnd is { } end && (S.CurrentPeriodEnd is null || end > S.CurrentPeriodEnd))
        {
            S.CurrentPeriodEnd = end;
        }
        else if (periodEnd is null && S.Status != SubscriptionStatus.Pending && S.CurrentPeriodEnd is { } current)
        {
            S.CurrentPeriodEnd = SubscriptionRules.PeriodEndAfter(S.Plan, current);
        }
    }

    private bool RenewalFailed(string? reason)
    {
        S.FailureReason = reason ?? "Your card was declined.";
        if (S.Status != SubscriptionStatus.Active || !Move(SubscriptionStatus.PastDue))
        {
            // A repeat failure while past due only updates the reason; a failure on a pending or ended one changes nothing.
            return false;
        }
        var now = time.GetUtcNow();
        S.PastDueSince = now;
        Raise(new SubscriptionPaymentFailed(DomainEventPublisher.NewEventId(), now, SubscriptionId, S.UserId!, S.FailureReason,
            now + options.Value.Grace), mail: true);
        return true;
    }

    private bool Updated(GatewaySubscriptionEvent e)
    {
        ExtendPeriodOnly(e.PeriodEnd);
        if (e.CancelAtPeriodEnd is { } cancel && cancel != S.CancelAtPeriodEnd
            && S.Status is SubscriptionStatus.Active or SubscriptionStatus.PastDue)
        {
            // Changed at the gateway (Stripe's customer portal): the same words as when changed here.
            ChangeRenewal(cancel);
            return true;
        }
        return false;
    }

    private void ExtendPeriodOnly(DateTimeOffset? periodEnd)
    {
        if (periodEnd is { } end && S.Status != SubscriptionStatus.Pending && (S.CurrentPeriodEnd is null || end > S.CurrentPeriodEnd))
        {
            S.CurrentPeriodEnd = end;
        }
    }

    /// <summary>Access ends: the subscription is canceled and the enrollments made through it are suspended.</summary>
    private bool End(DateTimeOffset endedAt, string why)
    {
        if (!Move(SubscriptionStatus.Canceled))
        {
            return false;
        }
        S.EndedAt = endedAt;
        if (S.CurrentPeriodEnd is null)
        {
            // Never active: a checkout that lapsed, or failed to open. Nobody entered anything through it.
            return true;
        }
        Suspend(endedAt);
        Raise(new SubscriptionLapsed(DomainEventPublisher.NewEventId(), time.GetUtcNow(), SubscriptionId, S.UserId!,
            $"{why} Your Cohortly subscription ended on {SubscriptionRules.Day(endedAt)}: subscribe again to get back into its bootcamps.", Canceled: true), mail: true);
        return true;
    }

    private void Suspend(DateTimeOffset at)
    {
        if (!S.AccessSuspended)
        {
            S.AccessSuspended = true;
            S.AccessEndedAt = at;
            S.FollowUpDue = true;
        }
    }

    /// <summary>Moves the state machine, or refuses and logs a move it does not allow.</summary>
    private bool Move(SubscriptionStatus next)
    {
        if (!SubscriptionRules.CanMove(S.Status, next))
        {
            logger.LogWarning("Subscription {SubscriptionId}: {From} → {To} refused", SubscriptionId, S.Status, next);
            return false;
        }
        logger.LogInformation("Subscription {SubscriptionId}: {From} → {To}", SubscriptionId, S.Status, next);
        S.Status = next;
        return true;
    }

    public async Task<SubscriptionProof?> GetProofAsync()
    {
        if (!Exists)
        {
            return null;
        }
        var (status, suspended) = Effective(time.GetUtcNow());
        return new SubscriptionProof(S.UserId!, status, suspended);
    }

    /// <summary>What the clock says now, even before the reminder's tick has stored it.</summary>
    private (SubscriptionStatus Status, bool Suspended) Effective(DateTimeOffset now) => S.Status switch
    {
        SubscriptionStatus.Pending when now >= S.CheckoutExpiresAt => (SubscriptionStatus.Canceled, false),
        SubscriptionStatus.Active or SubscriptionStatus.PastDue when S.CancelAtPeriodEnd && now >= S.CurrentPeriodEnd => (SubscriptionStatus.Canceled, true),
        SubscriptionStatus.PastDue when now >= S.PastDueSince + options.Value.Grace => (SubscriptionStatus.PastDue, true),
        _ => (S.Status, S.AccessSuspended),
    };

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _events.OnActivateAsync(this);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await _events.ReceiveReminderAsync(this, reminderName))
        {
            return;
        }
        await TickAsync();
        await FollowUpAsync();
        if (S.Status == SubscriptionStatus.Canceled && !S.FollowUpDue && await this.GetReminder(ClockReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Stores what the clock decided since the last look: a lapsed checkout, the end of a canceled period, an unpaid grace.</summary>
    private async Task TickAsync()
    {
        var now = time.GetUtcNow();
        var changed = false;
        switch (S.Status)
        {
            case SubscriptionStatus.Pending when now >= S.CheckoutExpiresAt:
                S.FailureReason = "The checkout lapsed before it was paid.";
                changed = End(now, "");
                break;
            case SubscriptionStatus.Active or SubscriptionStatus.PastDue when S.CancelAtPeriodEnd && now >= S.CurrentPeriodEnd:
                changed = End(S.CurrentPeriodEnd!.Value, "You turned renewal off.");
                break;
            case SubscriptionStatus.PastDue when !S.AccessSuspended && now >= S.PastDueSince + options.Value.Grace:
                var graceEnd = S.PastDueSince!.Value + options.Value.Grace;
                Suspend(graceEnd);
                Raise(new SubscriptionLapsed(DomainEventPublisher.NewEventId(), now, SubscriptionId, S.UserId!,
                    $"Your renewal was not paid by {SubscriptionRules.Day(graceEnd)}, so your included bootcamps are paused. " +
                    "Update your card on the Subscription page to get back in.", Canceled: false), mail: true);
                changed = true;
                break;
        }
        if (changed)
        {
            await _events.WriteAsync(this);
            await PublishAndFollowUpAsync();
        }
    }

    private void Raise(DomainEvent e, bool mail)
    {
        _events.Raise(e);
        if (mail)
        {
            S.MailDue.Add(e);
            S.FollowUpDue = true;
        }
    }

    private async Task PublishAndFollowUpAsync()
    {
        await _events.PublishAsync(this);
        // The answer does not wait on every enrollment and email; the timer runs it now and the reminder after a crash.
        this.RegisterGrainTimer(FollowUpAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    /// <summary>
    /// Brings every enrollment made through this subscription in line with its access (each call idempotent by the hold's
    /// key), then queues the owed emails (each keyed by its event id).
    /// </summary>
    private async Task FollowUpAsync()
    {
        if (!S.FollowUpDue)
        {
            return;
        }
        var holdKey = SubscriptionRules.HoldKeyOf(SubscriptionId);
        var covered = await GrainFactory.GetGrain<IUserSubscriptionGrain>(S.UserId!).CoveredAsync(SubscriptionId);
        foreach (var bootcampId in covered)
        {
            var enrollment = GrainFactory.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, S.UserId!));
            if (S.AccessSuspended)
            {
                var title = (await GrainFactory.GetGrain<IBootcampGrain>(bootcampId).GetAsync())?.Details.Title ?? "your bootcamp";
                var reason = S.Status == SubscriptionStatus.Canceled
                    ? $"Your Cohortly subscription ended on {SubscriptionRules.Day(S.AccessEndedAt!.Value)}: subscribe again to get back into {title}."
                    : $"Your Cohortly subscription's renewal is unpaid since {SubscriptionRules.Day(S.PastDueSince!.Value)}: update your card to get back into {title}.";
                await enrollment.SuspendAsync(new AccessHold(holdKey, reason, S.AccessEndedAt!.Value));
            }
            else
            {
                await enrollment.ResumeAsync(holdKey);
            }
        }
        var mailer = GrainFactory.GetGrain<IMailerGrain>(0);
        var notices = new SubscriptionNotifications();
        foreach (var e in S.MailDue)
        {
            if (notices.Map(e) is { } delivery)
            {
                await mailer.SendSubscriptionNoticeAsync(e.EventId, S.UserId!, delivery.Notification.Title, delivery.Notification.Body);
            }
        }
        S.MailDue.Clear();
        // Subscription revenue has no bootcamp, so it reaches the platform's months here rather than through a bootcamp's stream.
        foreach (var revenue in S.RevenueDue)
        {
            await GrainFactory.GetGrain<IPlatformMonthGrain>(AnalyticsRules.MonthOf(revenue.PaidAt))
                .RecordPaymentAsync(revenue.Key, revenue.Currency, revenue.AmountMinor, 0);
        }
        S.RevenueDue.Clear();
        S.FollowUpDue = false;
        await _events.WriteAsync(this);
    }

    private async Task ArmClockAsync()
    {
        if (await this.GetReminder(ClockReminder) is null)
        {
            var every = options.Value.CheckEvery;
            await this.RegisterOrUpdateReminder(ClockReminder, every, every);
        }
    }

    private void RequireOwnerOrAdmin(Caller caller)
    {
        if (!Exists || (S.UserId != caller.UserId && !caller.IsAdmin))
        {
            throw DomainException.NotFound($"Subscription {SubscriptionId}");
        }
    }

    private SubscriptionView View()
    {
        var (status, suspended) = Effective(time.GetUtcNow());
        return new SubscriptionView(SubscriptionId, S.UserId!, S.Plan, status, S.PriceMinor, S.Currency, S.CancelAtPeriodEnd, S.CurrentPeriodEnd,
            status == SubscriptionStatus.Pending ? S.CheckoutUrl : null, S.CreatedAt, S.EndedAt, suspended, S.FailureReason);
    }
}
