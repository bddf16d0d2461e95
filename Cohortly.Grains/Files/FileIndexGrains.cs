using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Files;

/// <summary>File ids, newest first, capped so one list stays one small row.</summary>
[GenerateSerializer, Alias("cohortly.files.file-id-list")]
public sealed class FileIdListState
{
    [Id(0)] public List<string> NewestFirst { get; set; } = [];
}

internal static class FileIdList
{
    public static async Task AddAsync(IPersistentState<FileIdListState> state, string fileId, int cap, string whose)
    {
        if (state.State.NewestFirst.Contains(fileId))
        {
            return;
        }
        if (state.State.NewestFirst.Count >= cap)
        {
            throw DomainException.Conflict("file-quota", $"{whose} already holds {cap} files; delete some first.");
        }
        state.State.NewestFirst.Insert(0, fileId);
        await state.WriteStateAsync();
    }

    public static async Task RemoveAsync(IPersistentState<FileIdListState> state, string fileId)
    {
        if (state.State.NewestFirst.Remove(fileId))
        {
            await state.WriteStateAsync();
        }
    }

    public static PageSlice<string> Page(IPersistentState<FileIdListState> state, int page, int pageSize) =>
        new([.. state.State.NewestFirst.Skip((page - 1) * pageSize).Take(pageSize)], state.State.NewestFirst.Count);
}

public sealed class UserFilesGrain(
    [PersistentState("user-files", StorageNames.Cohortly)] IPersistentState<FileIdListState> state) : Grain, IUserFilesGrain
{
    public Task AddAsync(string fileId) => FileIdList.AddAsync(state, fileId, FileRules.MaxFilesPerUser, "This user");

    public Task RemoveAsync(string fileId) => FileIdList.RemoveAsync(state, fileId);

    public Task<PageSlice<string>> ListAsync(int page, int pageSize) => Task.FromResult(FileIdList.Page(state, page, pageSize));
}

public sealed class BootcampResourcesGrain(
    [PersistentState("bootcamp-resources", StorageNames.Cohortly)] IPersistentState<FileIdListState> state) : Grain, IBootcampResourcesGrain
{
    public Task AddAsync(string fileId) => FileIdList.AddAsync(state, fileId, FileRules.MaxResourcesPerBootcamp, "This bootcamp");

    public Task RemoveAsync(string fileId) => FileIdList.RemoveAsync(state, fileId);

    public Task<PageSlice<string>> ListAsync(int page, int pageSize) => Task.FromResult(FileIdList.Page(state, page, pageSize));
}

[GenerateSerializer, Alias("cohortly.files.avatar-state")]
public sealed class AvatarState
{
    [Id(0)] public string? FileId { get; set; }
}

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
