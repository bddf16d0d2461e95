using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Analytics;

/// <summary>One currency's takings in a month, each payment and refund kept by id so a repeat is recognised.</summary>
[GenerateSerializer, Alias("cohortly.analytics.currency-takings")]
public sealed class CurrencyTakings
{
    /// <summary>Payment id → (gross, discount) in minor units.</summary>
    [Id(0)] public Dictionary<string, (long Gross, long Discount)> Payments { get; set; } = [];

    /// <summary>Refund id → amount in minor units.</summary>
    [Id(1)] public Dictionary<string, long> Refunds { get; set; } = [];
}

[GenerateSerializer, Alias("cohortly.analytics.platform-month-state")]
public sealed class PlatformMonthState
{
    /// <summary><c>{bootcampId}/{userId}</c> of each enrollment this month.</summary>
    [Id(0)] public HashSet<string> Enrollments { get; set; } = [];

    [Id(1)] public Dictionary<string, CurrencyTakings> Takings { get; set; } = [];

    /// <summary>Each user's latest activity this month.</summary>
    [Id(2)] public Dictionary<string, DateTimeOffset> LastActive { get; set; } = [];
}

/// <summary>
/// One month of the platform view. Its records are sets keyed by their source's id (an enrollment, a payment, a refund), so
/// the bootcamps' projections may hand it the same one again; per month, so no one grain takes every bootcamp's events.
/// </summary>
[GrainType("platformmonth")]
public sealed class PlatformMonthGrain(
    [PersistentState("platform-month", StorageNames.Cohortly)] IPersistentState<PlatformMonthState> state) : Grain, IPlatformMonthGrain
{
    private bool _indexed;

    private string Month => this.GetPrimaryKeyString();

    public async Task RecordEnrollmentAsync(string enrollmentKey)
    {
        if (state.State.Enrollments.Add(enrollmentKey))
        {
            await WriteAsync();
        }
    }

    public async Task RecordPaymentAsync(string paymentId, string currency, long grossMinor, long discountMinor)
    {
        if (TakingsOf(currency).Payments.TryAdd(paymentId, (grossMinor, discountMinor)))
        {
            await WriteAsync();
        }
    }

    public async Task RecordRefundAsync(string refundId, string currency, long amountMinor)
    {
        if (TakingsOf(currency).Refunds.TryAdd(refundId, amountMinor))
        {
            await WriteAsync();
        }
    }

    public async Task RecordActivityAsync(string userId, DateTimeOffset at)
    {
        if (!state.State.LastActive.TryGetValue(userId, out var last) || at > last)
        {
            state.State.LastActive[userId] = at;
            await WriteAsync();
        }
    }

    public Task<MonthFigures> GetFiguresAsync() => Task.FromResult(new MonthFigures(Month, state.State.Enrollments.Count,
    [
        .. state.State.Takings.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new MonthRevenue(Month, t.Key,
            t.Value.Payments.Values.Sum(p => p.Gross), t.Value.Payments.Values.Sum(p => p.Discount), t.Value.Refunds.Values.Sum())),
    ]));

    public Task<ImmutableArray<string>> ActiveSinceAsync(DateTimeOffset since) =>
        Task.FromResult<ImmutableArray<string>>([.. state.State.LastActive.Where(a => a.Value >= since).Select(a => a.Key)]);

    private CurrencyTakings TakingsOf(string currency)
    {
        var code = currency.ToUpperInvariant();
        if (!state.State.Takings.TryGetValue(code, out var takings))
        {
            state.State.Takings[code] = takings = new CurrencyTakings();
        }
        return takings;
    }

    /// <summary>
    /// Stores the change, and once per activation names this month in the index (idempotent there), so a month whose first
    /// write landed while the index call failed is listed at its next write.
    /// </summary>
    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        if (!_indexed)
        {
            await GrainFactory.GetGrain<IPlatformIndexGrain>(IPlatformIndexGrain.Key).AddMonthAsync(Month);
            _indexed = true;
        }
    }
}
