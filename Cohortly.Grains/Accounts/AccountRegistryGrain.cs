using Cohortly.Common;

namespace Cohortly.Accounts;

[GenerateSerializer, Alias("cohortly.accounts.account-registry-state")]
public sealed class AccountRegistryState
{
    [Id(0)] public string? FirstUserId { get; set; }
    [Id(1)] public int SignUps { get; set; }
    /// <summary>Whether counting began with the first account (systems older than the count began later).</summary>
    [Id(2)] public bool CountedFromStart { get; set; }
    /// <summary>The latest sign-ups, newest first, at most <see cref="AccountRegistryGrain.RecentKept"/>.</summary>
    [Id(3)] public List<SignUp> Recent { get; set; } = [];
}

[GrainType("accountregistry")]
public sealed class AccountRegistryGrain(
    [PersistentState("account-registry", StorageNames.Cohortly)] IPersistentState<AccountRegistryState> state,
    TimeProvider time) : Grain, IAccountRegistryGrain
{
    public const int RecentKept = 10;

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

    public async Task RecordSignUpAsync(string userId, string displayName, string email)
    {
        if (state.State.Recent.Any(s => s.UserId == userId))
        {
            return;
        }
        if (state.State.SignUps == 0)
        {
            state.State.CountedFromStart = userId == state.State.FirstUserId;
        }
        state.State.SignUps++;
        state.State.Recent.Insert(0, new SignUp(userId, displayName, email, time.GetUtcNow()));
        if (state.State.Recent.Count > RecentKept)
        {
            state.State.Recent.RemoveRange(RecentKept, state.State.Recent.Count - RecentKept);
        }
        await state.WriteStateAsync();
    }

    public Task<SignUpStats> GetSignUpsAsync(Caller caller) => caller.IsAdmin
        ? Task.FromResult(new SignUpStats(state.State.SignUps, state.State.CountedFromStart, [.. state.State.Recent]))
        : throw DomainException.Forbidden("Only admins can see sign-ups.");
}
