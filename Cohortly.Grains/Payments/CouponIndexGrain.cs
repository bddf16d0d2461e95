using Cohortly.Common;

namespace Cohortly.Payments;

[GenerateSerializer, Alias("cohortly.payments.coupon-index-state")]
public sealed class CouponIndexState
{
    /// <summary>Oldest first; read newest first.</summary>
    [Id(0)] public List<string> Codes { get; set; } = [];
}

[GrainType("couponindex")]
public sealed class CouponIndexGrain(
    [PersistentState("coupon-index", StorageNames.Cohortly)] IPersistentState<CouponIndexState> state) : Grain, ICouponIndexGrain
{
    public async Task AddAsync(string code)
    {
        if (!state.State.Codes.Contains(code))
        {
            state.State.Codes.Add(code);
            await state.WriteStateAsync();
        }
    }

    public Task<(IReadOnlyList<string> Codes, int Total)> PageAsync(int page, int pageSize) =>
        Task.FromResult(NewestFirst.Page(state.State.Codes, page, pageSize));
}
