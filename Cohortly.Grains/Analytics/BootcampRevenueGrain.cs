using System.Collections.Immutable;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Payments;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Cohortly.Analytics;

/// <summary>A sum of money at a moment, in one currency: a payment (gross and discount) or a refund (gross only).</summary>
[GenerateSerializer, Alias("cohortly.analytics.takings-entry")]
public sealed class TakingsEntry
{
    [Id(0)] public DateTimeOffset At { get; set; }

    [Id(1)] public string Currency { get; set; } = "";

    [Id(2)] public long AmountMinor { get; set; }

    [Id(3)] public long DiscountMinor { get; set; }
}

[GenerateSerializer, Alias("cohortly.analytics.bootcamp-revenue-state")]
public sealed class BootcampRevenueState
{
    /// <summary>Payment id → when it succeeded, its price before discount and the discount.</summary>
    [Id(0)] public Dictionary<string, TakingsEntry> Payments { get; set; } = [];

    /// <summary>Refund id → when it was made and its amount.</summary>
    [Id(1)] public Dictionary<string, TakingsEntry> Refunds { get; set; } = [];

    /// <summary>Read from the payment grains once, so a bootcamp paid for before this projection existed has its history.</summary>
    [Id(2)] public bool Built { get; set; }
}

/// <summary>
/// A bootcamp's takings for the revenue reports, with the platform months' definitions (docs/metrics.md): gross is the
/// price before discounts of a payment that succeeded, a refund counts when it is made. Every record is keyed by its
/// source's id, so a redelivered event changes nothing. The report grain of the bootcamp checks the caller (admins only).
/// </summary>
[ImplicitStreamSubscription(EventStreams.Bootcamp)]
[GrainType("bootcamprevenue")]
public sealed class BootcampRevenueGrain(
    [PersistentState("bootcamp-revenue", StorageNames.Cohortly)] IPersistentState<BootcampRevenueState> state) : Grain, IBootcampRevenueGrain, IStreamSubscriptionObserver
{
    private string BootcampId => this.GetPrimaryKeyString();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(OnEventAsync);

    public async Task<ImmutableArray<ReportRow>> RowsAsync(ReportQuery query, string timeZone)
    {
        await EnsureBuiltAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var sums = new SortedDictionary<(string Bucket, string Currency), decimal[]>();
        void Add(TakingsEntry entry, int part, long amount)
        {
            var day = AnalyticsRules.LocalDay(entry.At, zone);
            if (!ReportsRules.InRange(day, query))
            {
                return;
            }
            var bucket = query.GroupBy == ReportsRules.ByBootcamp ? BootcampId : ReportsRules.BucketOf(day, query.GroupBy);
            if (!sums.TryGetValue((bucket, entry.Currency), out var parts))
            {
                sums[(bucket, entry.Currency)] = parts = new decimal[3];
            }
            parts[part] += amount;
        }
        foreach (var payment in state.State.Payments.Values)
        {
            Add(payment, 0, payment.AmountMinor + payment.DiscountMinor);
            Add(payment, 1, payment.DiscountMinor);
        }
        foreach (var refund in state.State.Refunds.Values)
        {
            Add(refund, 2, refund.AmountMinor);
        }
        return [.. sums.Select(s => new ReportRow([s.Key.Bucket, s.Key.Currency], [.. s.Value.Select(v => (decimal?)v)]))];
    }

    private async Task OnEventAsync(DomainEvent domainEvent, StreamSequenceToken? token)
    {
        if (domainEvent is not (PaymentSucceeded or PaymentRefunded))
        {
            return;
        }
        await EnsureBuiltAsync();
        var added = domainEvent switch
        {
            PaymentSucceeded paid => state.State.Payments.TryAdd(paid.PaymentId, new TakingsEntry
            {
                At = paid.OccurredAt, Currency = paid.Currency.ToUpperInvariant(), AmountMinor = paid.TotalMinor, DiscountMinor = paid.DiscountMinor,
            }),
            PaymentRefunded refunded => state.State.Refunds.TryAdd(refunded.RefundId, new TakingsEntry
            {
                At = refunded.OccurredAt, Currency = refunded.Currency.ToUpperInvariant(), AmountMinor = refunded.AmountMinor,
            }),
            _ => false,
        };
        if (added)
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>
    /// The payments of the bootcamp as their grains hold them. A payment's success time is its invoice's date and a
    /// refund's time is when it was asked for (the stored payment keeps no other); events record the exact moments.
    /// </summary>
    private async Task EnsureBuiltAsync()
    {
        if (state.State.Built)
        {
            return;
        }
        var list = GrainFactory.GetGrain<IPaymentListGrain>(IPaymentListGrain.OfBootcamp(BootcampId));
        const int pageSize = 100;
        for (var page = 1; ; page++)
        {
            var (ids, total) = await list.PageAsync(page, pageSize);
            var payments = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IPaymentGrain>(id).GetSummaryAsync()));
            foreach (var payment in payments)
            {
                if (payment is not { Status: PaymentStatus.Succeeded or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded })
                {
                    continue;
                }
                var currency = payment.Currency.ToUpperInvariant();
                state.State.Payments.TryAdd(payment.PaymentId, new TakingsEntry
                {
                    At = payment.Invoice?.IssuedAt ?? payment.CreatedAt, Currency = currency, AmountMinor = payment.TotalMinor, DiscountMinor = payment.DiscountMinor,
                });
                foreach (var refund in payment.Refunds.Where(r => r.Status == RefundStatus.Succeeded))
                {
                    state.State.Refunds.TryAdd(refund.RefundId, new TakingsEntry { At = refund.CreatedAt, Currency = currency, AmountMinor = refund.AmountMinor });
                }
            }
            if (page * pageSize >= total)
            {
                break;
            }
        }
        state.State.Built = true;
        await state.WriteStateAsync();
    }
}
