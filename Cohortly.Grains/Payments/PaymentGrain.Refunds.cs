using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Integrations.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Payments;

public sealed partial class PaymentState
{
    // Ids from 30 up belong to refunds and invoices, apart from the checkout's numbering.
    /// <summary>What has been given back so far (succeeded refunds only).</summary>
    [Id(30)] public long RefundedMinor { get; set; }

    /// <summary>Every refund asked for, oldest first; a pending one still counts against what is left to refund.</summary>
    [Id(31)] public List<RefundView> Refunds { get; set; } = [];

    [Id(32)] public InvoiceInfo? Invoice { get; set; }
}

public sealed partial class PaymentGrain : IPaymentRefundsGrain
{
    private const string LostSeatWords =
        "Paid, but the bootcamp filled up before the payment arrived (the seat hold had run out): you are not enrolled and the payment was refunded in full.";

    public async Task<RefundView> RefundAsync(Caller caller, RefundRequest request)
    {
        if (!Exists)
        {
            throw DomainException.NotFound($"Payment {PaymentId}");
        }
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins refund payments.");
        }
        // The same request again (its Idempotency-Key), after a crash or an answer that never arrived: a failed refund is
        // tried again below, as a new attempt under the same id, once it passes the checks again.
        var existing = Stored.State.Refunds.Find(r => r.RefundId == request.RefundId);
        if (existing is { Status: RefundStatus.Succeeded })
        {
            // The withdrawal that follows a full refund may be what failed the first time; it is idempotent.
            if (Stored.State.Status == PaymentStatus.Refunded && !existing.KeepEnrollment
                && Stored.State.Refunds.FindLast(r => r.Status == RefundStatus.Succeeded)?.RefundId == existing.RefundId)
            {
                await WithdrawPayerAsync(caller);
            }
            return existing;
        }
        if (existing is { Status: RefundStatus.Pending })
        {
            return await SendRefundAsync(existing, caller);
        }
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > PaymentRules.RefundReasonMax)
        {
            throw DomainException.Validation("reason", $"Give a reason of at most {PaymentRules.RefundReasonMax} characters.");
        }
        // The success's follow-up (coupon, invoice, enrollment) first, so it never runs against a refunded payment; it is
        // idempotent, and the timer or reminder that would have run it finds nothing left to do.
        await SettleAsync();
        if (Stored.State.Status is not (PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded))
        {
            throw new DomainException(DomainErrorKind.Unprocessable, "refund-not-allowed",
                $"Only a succeeded payment can be refunded; this one is {PaymentRules.StatusName(Stored.State.Status)}.");
        }
        var left = LeftToRefund();
        var amount = request.AmountMinor ?? left;
        if (amount <= 0 || amount > left)
        {
            throw new DomainException(DomainErrorKind.Unprocessable, "refund-amount-invalid",
                $"A refund is more than 0 and at most what is left to refund: {PaymentNotifications.Money(left, Stored.State.Currency)}.");
        }
        var refund = new RefundView(request.RefundId, amount, RefundStatus.Pending, request.Reason.Trim(), Time.GetUtcNow(), request.KeepEnrollment, null);
        if (existing is null)
        {
            Stored.State.Refunds.Add(refund);
        }
        else
        {
            Replace(refund);
        }
        await _events.WriteAsync(this);
        return await SendRefundAsync(refund, caller);
    }

    public async Task<bool> ApplyGatewayRefundAsync(GatewayRefundEvent refund)
    {
        var s = Stored.State;
        if (!Exists || s.AppliedEventIds.Contains(refund.EventId))
        {
            return false;
        }
        s.AppliedEventIds.Add(refund.EventId);
        if (!await RecordRefundMadeAtGatewayAsync(refund.AmountRefundedMinor, $"{PaymentId}-{refund.EventId}"))
        {
            await _events.WriteAsync(this);
            return false;
        }
        return true;
    }

    /// <summary>
    /// The gateway's running total of refunds (its webhook's or the reconciler's word): only what goes beyond every refund
    /// we know of was made outside Cohortly, and is recorded once under <paramref name="refundId"/>.
    /// </summary>
    private async Task<bool> RecordRefundMadeAtGatewayAsync(long gatewayRefundedMinor, string refundId)
    {
        var s = Stored.State;
        var known = s.RefundedMinor + s.Refunds.Where(r => r.Status == RefundStatus.Pending).Sum(r => r.AmountMinor);
        var outside = Math.Min(gatewayRefundedMinor, PaidMinor) - known;
        if (outside <= 0 || s.Status is not (PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded))
        {
            return false;
        }
        Logger.LogWarning("Payment {PaymentId}: the gateway refunded {Amount} outside Cohortly; recorded", PaymentId, outside);
        var recorded = new RefundView(refundId, outside, RefundStatus.Succeeded, "Refunded at the payment gateway",
            Time.GetUtcNow(), KeepEnrollment: true, null);
        s.Refunds.Add(recorded);
        await RecordRefundedAsync(recorded);
        return true;
    }

    /// <summary>What may still be refunded: what was paid so far less what was refunded and what is on its way.</summary>
    private long LeftToRefund() =>
        PaidMinor - Stored.State.RefundedMinor - Stored.State.Refunds.Where(r => r.Status == RefundStatus.Pending).Sum(r => r.AmountMinor);

    /// <summary>
    /// Asks the gateway (idempotent per refund id), then stores the outcome. Calls to this grain never interleave, so the
    /// amount checked against what is left cannot be spent twice by two refunds at once.
    /// </summary>
    private async Task<RefundView> SendRefundAsync(RefundView refund, Caller? caller)
    {
        var s = Stored.State;
        GatewayRefund made;
        try
        {
            made = await Gateway.RefundAsync(new GatewayRefundRequest(PaymentId, s.SessionId, refund.RefundId, refund.AmountMinor, s.Currency, refund.Reason));
        }
        catch (PaymentGatewayException unreachable)
        {
            Logger.LogWarning(unreachable, "Payment {PaymentId}: refund {RefundId} refused or not sent", PaymentId, refund.RefundId);
            Replace(refund with { Status = RefundStatus.Failed });
            await _events.WriteAsync(this);
            throw new DomainException(DomainErrorKind.Unavailable, "payment-gateway-unavailable",
                "The payment service could not make the refund and nothing was refunded; try again in a minute.");
        }
        var done = refund with { Status = RefundStatus.Succeeded, GatewayRefundId = made.GatewayRefundId };
        Replace(done);
        var fullyRefunded = await RecordRefundedAsync(done);
        if (fullyRefunded && !done.KeepEnrollment && caller is not null)
        {
            await WithdrawPayerAsync(caller);
        }
        return done;
    }

    /// <summary>Counts a succeeded refund, moves the status on and raises <see cref="PaymentRefunded"/> with the write.</summary>
    private async Task<bool> RecordRefundedAsync(RefundView refund)
    {
        var s = Stored.State;
        var was = s.Status;
        s.RefundedMinor += refund.AmountMinor;
        var fully = s.RefundedMinor >= PaidMinor;
        s.Status = fully ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        _events.Raise(new PaymentRefunded(DomainEventPublisher.NewEventId(), Time.GetUtcNow(), s.BootcampId!, PaymentId, s.UserId,
            refund.RefundId, refund.AmountMinor, s.Currency, fully));
        await _events.WriteAsync(this);
        Logger.LogInformation("Payment {PaymentId}: refund {RefundId} of {Amount} made; {From} → {To}", PaymentId, refund.RefundId, refund.AmountMinor, was, s.Status);
        await _events.PublishAsync(this);
        if (fully)
        {
            await CancelOpenChargesAsync();
        }
        return fully;
    }

    /// <summary>Through the enrollment's own withdrawal, so the seat, the roster line and the membership all go with it.</summary>
    private async Task WithdrawPayerAsync(Caller caller)
    {
        var s = Stored.State;
        try
        {
            await GrainFactory.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(s.BootcampId!, s.UserId)).WithdrawAsync(caller);
        }
        catch (DomainException notEnrolled) when (notEnrolled.Kind == DomainErrorKind.NotFound)
        {
            // Never enrolled (the seat was lost before the payment arrived): nothing to withdraw.
        }
    }

    /// <summary>
    /// The payment arrived after its hold lapsed and no seat is left: it is refunded in full at once, under one refund
    /// id per payment so a retried settlement refunds once. A gateway failure leaves the settlement due for the reminder.
    /// </summary>
    private async Task RefundForLostSeatAsync()
    {
        var s = Stored.State;
        s.FailureReason = LostSeatWords;
        var refundId = PaymentRules.NoSeatRefundId(PaymentId);
        var refund = s.Refunds.Find(r => r.RefundId == refundId);
        if (refund is { Status: RefundStatus.Succeeded })
        {
            return;
        }
        if (refund is null)
        {
            refund = new RefundView(refundId, LeftToRefund(), RefundStatus.Pending, PaymentRules.NoSeatReason, Time.GetUtcNow(), KeepEnrollment: true, null);
            s.Refunds.Add(refund);
        }
        else
        {
            refund = refund with { Status = RefundStatus.Pending };
            Replace(refund);
        }
        await _events.WriteAsync(this);
        try
        {
            await SendRefundAsync(refund, caller: null);
        }
        catch (DomainException)
        {
            await this.RegisterOrUpdateReminder(FollowUpReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            throw;
        }
    }

    /// <summary>
    /// At success, once: the next invoice number of the seller for this year, with the seller and buyer as they are now,
    /// so the invoice prints the same whenever it is downloaded.
    /// </summary>
    private async Task AllocateInvoiceAsync()
    {
        var s = Stored.State;
        if (s.Invoice is not null)
        {
            return;
        }
        var options = ServiceProvider.GetRequiredService<IOptions<InvoiceOptions>>().Value;
        var seller = new InvoiceSeller(options.Seller.Name, options.Seller.Address, options.Seller.TaxId,
            options.TaxPercent is > 0 ? options.TaxPercent : null);
        var issuedAt = s.SettledAt ?? Time.GetUtcNow();
        var year = issuedAt.UtcDateTime.Year;
        var sequence = await GrainFactory.GetGrain<IInvoiceNumberGrain>(IInvoiceNumberGrain.KeyOf(seller.TaxId ?? seller.Name, year)).AllocateAsync(PaymentId);
        var buyer = await GrainFactory.GetGrain<IUserGrain>(s.UserId).GetProfileAsync();
        s.Invoice = new InvoiceInfo(PaymentRules.InvoiceNumber(year, sequence), issuedAt, seller, buyer?.DisplayName ?? s.DisplayName, buyer?.Email ?? "");
        await _events.WriteAsync(this);
    }

    private void Replace(RefundView refund)
    {
        var index = Stored.State.Refunds.FindIndex(r => r.RefundId == refund.RefundId);
        Stored.State.Refunds[index] = refund;
    }

    private PaymentView WithRefunds(PaymentView view) => view with { Refunds = [.. Stored.State.Refunds], Invoice = Stored.State.Invoice };
}
