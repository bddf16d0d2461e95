using Cohortly.Common;

namespace Cohortly.Payments;

[GenerateSerializer, Alias("cohortly.payments.invoice-number-state")]
public sealed class InvoiceNumberState
{
    [Id(0)] public long Last { get; set; }

    /// <summary>The latest allocations by payment, so a payment retrying after a crash gets its number again, not a new one.</summary>
    [Id(1)] public Dictionary<string, long> Recent { get; set; } = [];
}

/// <summary>
/// One seller's numbers for one year. Not reentrant: allocations run one at a time and each is stored before it is
/// answered, so numbers are consecutive under any race and none is lost (a failed write answers nothing and takes none).
/// </summary>
[GrainType("invoice-number")]
public sealed class InvoiceNumberGrain(
    [PersistentState("invoice-number", StorageNames.Cohortly)] IPersistentState<InvoiceNumberState> state) : Grain, IInvoiceNumberGrain
{
    /// <summary>A payment retries within minutes; a thousand remembered allocations covers any burst in between.</summary>
    private const int Remembered = 1000;

    public async Task<long> AllocateAsync(string paymentId)
    {
        if (state.State.Recent.TryGetValue(paymentId, out var given))
        {
            return given;
        }
        var next = state.State.Last + 1;
        if (state.State.Recent.Count >= Remembered)
        {
            // Forget the oldest (the smallest number): it was answered long ago.
            state.State.Recent.Remove(state.State.Recent.MinBy(pair => pair.Value).Key);
        }
        state.State.Recent[paymentId] = next;
        state.State.Last = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Last = next - 1;
            state.State.Recent.Remove(paymentId);
            throw;
        }
        return next;
    }
}
