using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Notifications;

[GenerateSerializer, Alias("cohortly.notifications.user-directory-state")]
public sealed class UserDirectoryState
{
    [Id(0)] public int Count { get; set; }
}

/// <summary>A counter: appending a user is one tiny write here and one to the page that holds the slot.</summary>
public sealed class UserDirectoryGrain(
    [PersistentState("user-directory", StorageNames.Cohortly)] IPersistentState<UserDirectoryState> state) : Grain, IUserDirectoryGrain
{
    public async Task AppendAsync(string userId)
    {
        var slot = state.State.Count++;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserDirectoryPageGrain>(slot / IUserDirectoryGrain.PageSize).PutAsync(slot % IUserDirectoryGrain.PageSize, userId);
    }

    public Task<int> CountAsync() => Task.FromResult(state.State.Count);
}

[GenerateSerializer, Alias("cohortly.notifications.user-directory-page-state")]
public sealed class UserDirectoryPageState
{
    [Id(0)] public List<string?> UserIds { get; set; } = [];
}

public sealed class UserDirectoryPageGrain(
    [PersistentState("user-directory-page", StorageNames.Cohortly)] IPersistentState<UserDirectoryPageState> state) : Grain, IUserDirectoryPageGrain
{
    public async Task PutAsync(int slot, string userId)
    {
        SlotList.Put(state.State.UserIds, slot, IUserDirectoryGrain.PageSize, userId);
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<string>> GetUserIdsAsync() => Task.FromResult(SlotList.Filled(state.State.UserIds).ToImmutableArray());
}
