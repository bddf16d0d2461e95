using Cohortly.Common;

namespace Cohortly.Files;

[GrainType("userfiles")]
public sealed class UserFilesGrain(
    [PersistentState("user-files", StorageNames.Cohortly)] IPersistentState<FileIdListState> state) : Grain, IUserFilesGrain
{
    public Task AddAsync(string fileId) => FileIdList.AddAsync(state, fileId, FileRules.MaxFilesPerUser, "This user");

    public Task RemoveAsync(string fileId) => FileIdList.RemoveAsync(state, fileId);

    public Task<PageSlice<string>> ListAsync(int page, int pageSize) => Task.FromResult(FileIdList.Page(state, page, pageSize));
}
