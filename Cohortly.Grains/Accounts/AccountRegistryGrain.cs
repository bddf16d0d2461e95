using Cohortly.Common;

namespace Cohortly.Accounts;

[GenerateSerializer, Alias("cohortly.accounts.account-registry-state")]
public sealed class AccountRegistryState
{
    [Id(0)] public string? FirstUserId { get; set; }
}

[GrainType("accountregistry")]
public sealed class AccountRegistryGrain(
    [PersistentState("account-registry", StorageNames.Cohortly)] IPersistentState<AccountRegistryState> state) : Grain, IAccountRegistryGrain
{
    public async Task<bool> TryClaimFirstAccountAsync(string userId)
    {
        if (state.State.FirstUserId is not null)
        {
            return false;
        }
        state.State.FirstUserId = userId;
        await state.WriteStateAsync();
        return true;
    }
}
