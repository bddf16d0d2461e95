using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Payments;

[GenerateSerializer, Alias("cohortly.payments.user-subscription-state")]
public sealed class UserSubscriptionState
{
    [Id(0)] public string? Current { get; set; }

    /// <summary>Per subscription id, the bootcamps entered through it (a handful per user).</summary>
    [Id(1)] public Dictionary<string, HashSet<string>> Covered { get; set; } = [];
}

/// <summary>A leaf: it only stores, so whoever asks it never waits on a grain that waits on them.</summary>
[GrainType("usersubscription")]
public sealed class UserSubscriptionGrain(
    [PersistentState("user-subscription", StorageNames.Cohortly)] IPersistentState<UserSubscriptionState> state) : Grain, IUserSubscriptionGrain
{
    public Task<string?> GetCurrentAsync() => Task.FromResult(state.State.Current);

    public async Task<bool> ReplaceCurrentAsync(string? expected, string subscriptionId)
    {
        if (state.State.Current == subscriptionId)
        {
            return true;
        }
        if (state.State.Current != expected)
        {
            return false;
        }
        state.State.Current = subscriptionId;
        await state.WriteStateAsync();
        return true;
    }

    public async Task CoverAsync(string subscriptionId, string bootcampId)
    {
        if (!state.State.Covered.TryGetValue(subscriptionId, out var bootcamps))
        {
            state.State.Covered[subscriptionId] = bootcamps = [];
        }
        if (bootcamps.Add(bootcampId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<string>> CoveredAsync(string subscriptionId) =>
        Task.FromResult(state.State.Covered.TryGetValue(subscriptionId, out var bootcamps) ? [.. bootcamps.Order()] : ImmutableArray<string>.Empty);
}
