using Cohortly.Common;

namespace Cohortly.Payments;

[GenerateSerializer, Alias("cohortly.payments.payment-list-state")]
public sealed class PaymentListState
{
    /// <summary>Oldest first; read newest first.</summary>
    [Id(0)] public List<string> PaymentIds { get; set; } = [];
    [Id(1)] public bool Paid { get; set; }
}

[GrainType("paymentlist")]
public sealed class PaymentListGrain(
    [PersistentState("payment-list", StorageNames.Cohortly)] IPersistentState<PaymentListState> state) : Grain, IPaymentListGrain
{
    public async Task AddAsync(string paymentId)
    {
        if (!state.State.PaymentIds.Contains(paymentId))
        {
            state.State.PaymentIds.Add(paymentId);
            await state.WriteStateAsync();
        }
    }

    public async Task MarkPaidAsync()
    {
        if (!state.State.Paid)
        {
            state.State.Paid = true;
            await state.WriteStateAsync();
        }
    }

    public Task<bool> HasPaidAsync() => Task.FromResult(state.State.Paid);

    public Task<(IReadOnlyList<string> PaymentIds, int Total)> PageAsync(int page, int pageSize) =>
        Task.FromResult(NewestFirst.Page(state.State.PaymentIds, page, pageSize));
}

/// <summary>A page of an append-only list, newest first.</summary>
internal static class NewestFirst
{
    public static (IReadOnlyList<string> Items, int Total) Page(List<string> oldestFirst, int page, int pageSize) =>
        ([.. Enumerable.Reverse(oldestFirst).Skip((page - 1) * pageSize).Take(pageSize)], oldestFirst.Count);
}
