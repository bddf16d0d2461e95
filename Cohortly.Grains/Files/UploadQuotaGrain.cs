using Cohortly.Common;

namespace Cohortly.Files;

[GenerateSerializer, Alias("cohortly.files.upload-quota-state")]
public sealed class UploadQuotaState
{
    /// <summary>Per file its size: a release needs no other grain, and a retried reservation never counts twice.</summary>
    [Id(0)] public Dictionary<string, long> BytesByFile { get; set; } = [];
}

[GrainType("uploadquota")]
public sealed class UploadQuotaGrain(
    [PersistentState("upload-quota", StorageNames.Cohortly)] IPersistentState<UploadQuotaState> state) : Grain, IUploadQuotaGrain
{
    private long Used => state.State.BytesByFile.Values.Sum();

    public async Task<long?> TryReserveAsync(string fileId, long bytes, long quotaBytes)
    {
        if (state.State.BytesByFile.ContainsKey(fileId))
        {
            return null;
        }
        var used = Used;
        if (used + bytes > quotaBytes)
        {
            return used;
        }
        state.State.BytesByFile[fileId] = bytes;
        await state.WriteStateAsync();
        return null;
    }

    public async Task ReleaseAsync(string fileId)
    {
        if (state.State.BytesByFile.Remove(fileId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<long> GetUsedBytesAsync() => Task.FromResult(Used);
}
