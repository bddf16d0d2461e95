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
        await WriteOrUndoAsync(state, () => state.State.NewestFirst.Remove(fileId));
    }

    public static async Task RemoveAsync(IPersistentState<FileIdListState> state, string fileId)
    {
        var at = state.State.NewestFirst.IndexOf(fileId);
        if (at >= 0)
        {
            state.State.NewestFirst.RemoveAt(at);
            await WriteOrUndoAsync(state, () => state.State.NewestFirst.Insert(at, fileId));
        }
    }

    /// <summary>A write that fails leaves the list as stored, so a quota is never counted from a change that was lost.</summary>
    private static async Task WriteOrUndoAsync(IPersistentState<FileIdListState> state, Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }

    public static PageSlice<string> Page(IPersistentState<FileIdListState> state, int page, int pageSize) =>
        new([.. state.State.NewestFirst.Skip((page - 1) * pageSize).Take(pageSize)], state.State.NewestFirst.Count);
}
