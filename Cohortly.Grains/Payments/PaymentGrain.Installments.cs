using System.Collections.Immutable;
using System.Globalization;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Integrations.Payments;
using Microsoft.Extensions.Logging;

namespace Cohortly.Payments;

public sealed partial class PaymentState
{
    // Ids from 40 up belong to installment plans.
    /// <summary>The plan's charges, first to last; empty for a payment in full.</summary>
    [Id(40)] public List<ScheduledCharge> Schedule { get; set; } = [];

    /// <summary>The payer asked to pay the rest at once: a card on the payment's page pays every open charge.</summary>
    [Id(41)] public bool BalanceRequested { get; set; }

    /// <summary>Set with the write that suspends the payer's access, cleared with the one that lifts it.</summary>
    [Id(42)] public bool Suspended { get; set; }

    /// <summary>The gateway's ids of the charges already applied, so one invoice never pays two charges.</summary>
    [Id(43)] public HashSet<string> AppliedGatewayChargeIds { get; set; } = [];
}

public sealed partial class PaymentGrain : IPaymentInstallmentsGrain
{
    /// <summary>Takes each later charge when it falls due, retries failed ones and ends their grace; survives restarts.</summary>
    public const string InstallmentsReminder = "cohortly.payment-installments";

    /// <summary>How often the reminder comes back between the due times it is armed for (the grain re-arms it each time).</summary>
    private static readonly TimeSpan InstallmentsBackstop = TimeSpan.FromHours(1);

    private static readonly TimeSpan GatewayRetry = TimeSpan.FromMinutes(5);

    private bool HasPlan => state.State.Schedule.Count > 0;

    /// <summary>What the checkout itself charges: the first installment of a plan, the whole total otherwise.</summary>
    private long FirstChargeMinor => HasPlan ? state.State.Schedule[0].AmountMinor : state.State.TotalMinor;

    /// <summary>What the payer has paid so far: a refund is never more than this.</summary>
    private long PaidMinor => HasPlan ? state.State.Schedule.Where(c => c.Status == ChargeStatus.Paid).Sum(c => c.AmountMinor) : state.State.TotalMinor;

    private string HoldKey => $"payment/{PaymentId}";

    private IInstallmentGateway InstallmentGateway => gateway as IInstallmentGateway
        ?? throw new DomainException(DomainErrorKind.Unprocessable, "installments-unavailable",
            "Installment plans are not available with this payment service yet; choose the full plan.");

    /// <summary>At checkout: how many charges the plan has (0 for the full plan); the bootcamp must offer one.</summary>
    private async Task<int> InstallmentCountForAsync(CheckoutRequest request)
    {
        if (request.Plan != PaymentPlan.Installments)
        {
            return 0;
        }
        _ = InstallmentGateway;
        var bootcamp = await GrainFactory.GetGrain<IBootcampGrain>(request.BootcampId).GetAsync()
            ?? throw DomainException.NotFound($"Bootcamp {request.BootcampId}");
        PaymentRules.RequireInstallmentsOffered(request.Plan, bootcamp.Details);
        return bootcamp.Details.InstallmentCount;
    }

    /// <summary>The schedule is fixed at checkout, from the discounted total, monthly from now.</summary>
    private void FixSchedule(int count)
    {
        if (count == 0)
        {
            return;
        }
        var amounts = PaymentRules.SplitInstallments(state.State.TotalMinor, count, state.State.CreatedAt, options.Value.InstallmentInterval);
        state.State.Schedule = [.. amounts.Select((a, i) => new ScheduledCharge(PaymentRules.ChargeIdOf(PaymentId, i + 1), a.DueAt, a.AmountMinor, ChargeStatus.Scheduled))];
    }

    /// <summary>The checkout's own success pays the first charge (with the write that records it).</summary>
    private void OnCheckoutMoved(PaymentStatus next, DateTimeOffset now)
    {
        if (HasPlan && next == PaymentStatus.Succeeded && state.State.Schedule[0].Status != ChargeStatus.Paid)
        {
            state.State.Schedule[0] = state.State.Schedule[0] with { Status = ChargeStatus.Paid, PaidAt = now };
        }
    }

    public async Task<bool> ApplyGatewayChargeAsync(GatewayChargeEvent charge)
    {
        var s = state.State;
        if (!Exists || !HasPlan || s.AppliedEventIds.Contains(charge.EventId))
        {
            return false;
        }
        s.AppliedEventIds.Add(charge.EventId);
        var index = charge.ChargeId is { } id
            ? s.Schedule.FindIndex(c => c.ChargeId == id)
            // Stripe's invoices do not carry our charge id: an invoice pays the earliest charge still open.
            : s.Schedule.FindIndex(c => c.Open && c.Status != ChargeStatus.Scheduled);
        if (index < 0 || !s.Schedule[index].Open || (charge.Paid && !s.AppliedGatewayChargeIds.Add(charge.GatewayChargeId)))
        {
            logger.LogWarning("Payment {PaymentId}: charge event {EventId} ({Outcome}) matches no open charge; ignored",
                PaymentId, charge.EventId, charge.Paid ? "paid" : "failed");
            await _events.WriteAsync(this);
            return false;
        }
        var now = time.GetUtcNow();
        if (charge.Paid)
        {
            await OnChargePaidAsync(index, charge.GatewayChargeId, now);
        }
        else
        {
            await OnChargeFailedAsync(index, charge.FailureReason ?? "Your card was declined.", now);
        }
        await ArmInstallmentsAsync();
        return true;
    }

    public async Task<BalanceCheckout> PayRemainingAsync(Caller caller)
    {
        RequirePayer(caller);
        var s = state.State;
        if (!HasPlan)
        {
            throw new DomainException(DomainErrorKind.Unprocessable, "not-an-installment-plan", "This payment was made in full; there is nothing left to pay.");
        }
        var left = s.Schedule.Where(c => c.Open).Sum(c => c.AmountMinor);
        if (s.Status is not (PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded) || left == 0)
        {
            throw DomainException.Conflict("nothing-to-pay", s.Status == PaymentStatus.Pending
                ? "Pay the first installment on the checkout page first."
                : "Nothing is left to pay on this plan.");
        }
        var url = await InstallmentGateway.BalanceCheckoutUrlAsync(PaymentId, left, s.Currency);
        if (!s.BalanceRequested)
        {
            s.BalanceRequested = true;
            await _events.WriteAsync(this);
        }
        return new BalanceCheckout(url, left);
    }

    public async Task<OwedCharges?> BeginOwedPaymentAsync(Caller caller)
    {
        RequirePayer(caller);
        var s = state.State;
        if (!HasPlan || s.Status is not (PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded))
        {
            return null;
        }
        var owed = s.Schedule.Select((charge, index) => (charge, index))
            .Where(c => s.BalanceRequested ? c.charge.Open : c.charge.Status is ChargeStatus.Failed or ChargeStatus.Overdue)
            .ToList();
        if (owed.Count == 0)
        {
            return null;
        }
        var attempts = new List<ChargeAttempt>();
        foreach (var (charge, index) in owed)
        {
            var attempt = charge.Attempts + 1;
            s.Schedule[index] = charge with { Status = ChargeStatus.Processing, Attempts = attempt };
            attempts.Add(new ChargeAttempt(charge.ChargeId, PaymentRules.AttemptIdOf(charge.ChargeId, attempt), charge.AmountMinor));
        }
        await _events.WriteAsync(this);
        return new OwedCharges(PaymentId, s.UserId, s.Currency, [.. attempts]);
    }

    /// <summary>
    /// The reminder's work: takes what fell due, retries failed charges on their day, and suspends the payer once a
    /// charge is still unpaid at the end of its grace. Each step is stored before the gateway is asked, and each attempt
    /// has its own idempotency key, so a crash between the two repeats the call, never the charge.
    /// </summary>
    private async Task RunInstallmentsAsync()
    {
        var s = state.State;
        if (!HasPlan)
        {
            return;
        }
        var now = time.GetUtcNow();
        if (s.Status == PaymentStatus.Refunded)
        {
            await CancelOpenChargesAsync();
        }
        else if (s.Status is PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded)
        {
            for (var i = 0; i < s.Schedule.Count; i++)
            {
                var charge = s.Schedule[i];
                if (charge.Status == ChargeStatus.Failed && charge.FailedAt + options.Value.InstallmentGrace <= now)
                {
                    s.Schedule[i] = charge with { Status = ChargeStatus.Overdue, NextAttemptAt = null };
                    await _events.WriteAsync(this);
                    await SuspendPayerAsync(s.Schedule[i]);
                }
                else if ((charge.Status == ChargeStatus.Scheduled && charge.DueAt <= now)
                    || (charge.Status == ChargeStatus.Failed && charge.NextAttemptAt <= now))
                {
                    await ChargeAsync(i, now);
                }
            }
        }
        await ArmInstallmentsAsync();
    }

    private async Task ChargeAsync(int index, DateTimeOffset now)
    {
        var s = state.State;
        var charge = s.Schedule[index];
        if (charge.AmountMinor == 0)
        {
            await OnChargePaidAsync(index, $"free-{charge.ChargeId}", now);
            return;
        }
        var attempt = charge.Attempts + 1;
        s.Schedule[index] = charge with { Status = ChargeStatus.Processing, Attempts = attempt };
        await _events.WriteAsync(this);
        try
        {
            await InstallmentGateway.ChargeSavedCardAsync(PaymentId,
                new ChargeAttempt(charge.ChargeId, PaymentRules.AttemptIdOf(charge.ChargeId, attempt), charge.AmountMinor), s.Currency);
        }
        catch (PaymentGatewayException unreachable)
        {
            // Nothing was charged: the same charge is tried again shortly, under a new attempt's key.
            logger.LogWarning(unreachable, "Payment {PaymentId}: charge {ChargeId} could not be sent to the gateway; retrying", PaymentId, charge.ChargeId);
            s.Schedule[index] = charge with { NextAttemptAt = now + GatewayRetry, DueAt = charge.Status == ChargeStatus.Scheduled ? now + GatewayRetry : charge.DueAt };
            await _events.WriteAsync(this);
        }
    }

    private async Task OnChargePaidAsync(int index, string gatewayChargeId, DateTimeOffset now)
    {
        var s = state.State;
        var charge = s.Schedule[index] with
        {
            Status = ChargeStatus.Paid, PaidAt = now, NextAttemptAt = null, FailureReason = null, GatewayChargeId = gatewayChargeId,
        };
        s.Schedule[index] = charge;
        if (!s.Schedule.Exists(c => c.Open))
        {
            s.BalanceRequested = false;
        }
        _events.Raise(new InstallmentPaid(DomainEventPublisher.NewEventId(), now, s.BootcampId!, PaymentId, s.UserId, s.BootcampTitle,
            charge.ChargeId, index + 1, s.Schedule.Count, charge.AmountMinor, s.Currency));
        await _events.WriteAsync(this);
        logger.LogInformation("Payment {PaymentId}: charge {ChargeId} paid", PaymentId, charge.ChargeId);
        await _events.PublishAsync(this);
        if (!s.Schedule.Exists(c => c.Status == ChargeStatus.Overdue))
        {
            await LiftHoldAsync();
        }
    }

    private async Task OnChargeFailedAsync(int index, string reason, DateTimeOffset now)
    {
        var s = state.State;
        var was = s.Schedule[index];
        var failedAt = was.FailedAt ?? now;
        var graceEnds = failedAt + options.Value.InstallmentGrace;
        var retry = PaymentRules.RetryOffsets(options.Value.InstallmentGrace).Select(offset => failedAt + offset).FirstOrDefault(at => at > now);
        var next = retry == default || was.Status == ChargeStatus.Overdue ? (DateTimeOffset?)null : retry;
        var charge = was with
        {
            Status = was.Status == ChargeStatus.Overdue || now >= graceEnds ? ChargeStatus.Overdue : ChargeStatus.Failed,
            FailedAt = failedAt, NextAttemptAt = next, FailureReason = reason,
        };
        s.Schedule[index] = charge;
        var money = PaymentNotifications.Money(charge.AmountMinor, s.Currency);
        var message = charge.Status == ChargeStatus.Overdue
            ? $"{reason} Your installment of {money} is overdue and your access stays paused: pay it on your payments page to get back in."
            : $"{reason} Your installment of {money} is still due. {(next is { } at ? $"We will try your card again on {Day(at)}; " : "")}" +
              $"update your card or pay by {Day(graceEnds)} to keep your access.";
        _events.Raise(new InstallmentFailed(DomainEventPublisher.NewEventId(), now, s.BootcampId!, PaymentId, s.UserId, s.BootcampTitle,
            charge.ChargeId, charge.Attempts, charge.AmountMinor, s.Currency, message));
        await _events.WriteAsync(this);
        logger.LogInformation("Payment {PaymentId}: charge {ChargeId} failed (attempt {Attempt})", PaymentId, charge.ChargeId, charge.Attempts);
        await _events.PublishAsync(this);
        if (charge.Status == ChargeStatus.Overdue)
        {
            await SuspendPayerAsync(charge);
        }
    }

    private async Task SuspendPayerAsync(ScheduledCharge overdue)
    {
        var s = state.State;
        var reason = $"Your installment of {PaymentNotifications.Money(overdue.AmountMinor, s.Currency)} for {s.BootcampTitle} is overdue " +
            $"(due {Day(overdue.DueAt)}): pay it to get back in.";
        await GrainFactory.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(s.BootcampId!, s.UserId))
            .SuspendAsync(new AccessHold(HoldKey, reason, time.GetUtcNow()));
        if (!s.Suspended)
        {
            s.Suspended = true;
            await _events.WriteAsync(this);
            logger.LogInformation("Payment {PaymentId}: {UserId}'s access suspended for an overdue installment", PaymentId, s.UserId);
        }
    }

    private async Task LiftHoldAsync()
    {
        if (!state.State.Suspended)
        {
            return;
        }
        await GrainFactory.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(state.State.BootcampId!, state.State.UserId)).ResumeAsync(HoldKey);
        state.State.Suspended = false;
        await _events.WriteAsync(this);
        logger.LogInformation("Payment {PaymentId}: {UserId}'s access restored", PaymentId, state.State.UserId);
    }

    /// <summary>Refunded in full: nothing more is taken, and the payer is no longer held to the rest.</summary>
    private async Task CancelOpenChargesAsync()
    {
        var s = state.State;
        if (!s.Schedule.Exists(c => c.Open))
        {
            return;
        }
        for (var i = 0; i < s.Schedule.Count; i++)
        {
            if (s.Schedule[i].Open)
            {
                s.Schedule[i] = s.Schedule[i] with { Status = ChargeStatus.Canceled, NextAttemptAt = null };
            }
        }
        s.BalanceRequested = false;
        await _events.WriteAsync(this);
        await LiftHoldAsync();
        await ArmInstallmentsAsync();
    }

    /// <summary>Arms the reminder for the next thing the schedule has to do, or removes it when nothing is left.</summary>
    private async Task ArmInstallmentsAsync()
    {
        var s = state.State;
        if (!HasPlan)
        {
            return;
        }
        var next = s.Status is PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded
            ? s.Schedule.Where(c => c.Open).Select(c => c.Status switch
            {
                ChargeStatus.Scheduled => c.DueAt,
                ChargeStatus.Failed => Earliest(c.NextAttemptAt, c.FailedAt + options.Value.InstallmentGrace),
                _ => (DateTimeOffset?)null,
            }).Where(at => at is not null).Min()
            : null;
        if (next is { } at)
        {
            var due = at - time.GetUtcNow();
            await this.RegisterOrUpdateReminder(InstallmentsReminder, due > TimeSpan.FromSeconds(1) ? due : TimeSpan.FromSeconds(1), InstallmentsBackstop);
        }
        else if (await this.GetReminder(InstallmentsReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private void RequirePayer(Caller caller)
    {
        if (!Exists || state.State.UserId != caller.UserId)
        {
            throw DomainException.NotFound($"Payment {PaymentId}");
        }
    }

    /// <summary>
    /// The schedule as the payer sees it. Before the checkout succeeds the first charge stands as the checkout does and
    /// the rest wait on it (or are off, once it ended unpaid); a payment in full shows as its one charge.
    /// </summary>
    private PaymentView WithSchedule(PaymentView view)
    {
        var s = state.State;
        var schedule = HasPlan ? s.Schedule : [new ScheduledCharge(PaymentRules.ChargeIdOf(PaymentId, 1), s.CreatedAt, s.TotalMinor, ChargeStatus.Scheduled)];
        var first = s.Status switch
        {
            PaymentStatus.Pending => ChargeStatus.Scheduled,
            PaymentStatus.Failed => ChargeStatus.Failed,
            PaymentStatus.Expired or PaymentStatus.Canceled => ChargeStatus.Canceled,
            _ => ChargeStatus.Paid,
        };
        var shown = s.Status is PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded && HasPlan
            ? schedule
            : schedule.Select((c, i) => c with { Status = i == 0 ? first : s.Status == PaymentStatus.Pending ? ChargeStatus.Scheduled : ChargeStatus.Canceled }).ToList();
        return view with { Schedule = [.. shown], Suspended = s.Suspended };
    }
}
