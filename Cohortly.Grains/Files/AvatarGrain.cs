using Cohortly.Common;

namespace Cohortly.Files;

[GenerateSerializer, Alias("cohortly.files.avatar-state")]
public sealed class AvatarState
{
    [Id(0)] public string? FileId { get; set; }
}

[GrainType("avatar")]
public sealed class AvatarGrain(
    [PersistentState("avatar", StorageNames.Cohortly)] IPersistentState<AvatarState> state) : Grain, IAvatarGrain
{
    public async Task<string?> SetAsync(string fileId)
    {
        var replaced = state.State.FileId;
        if (replaced == fileId)
        {
            return null;
        }
        state.State.FileId = fileId;
        await state.WriteStateAsync();
        return replaced;
    }

    public Task<string?> GetAsync() => Task.FromResult(state.State.FileId);

    public async Task ClearIfAsync(string fileId)
    {
        if (state.State.FileId == fileId)
        {
            state.State.FileId = null;
            await state.WriteStateAsync();
        }
    }
}
