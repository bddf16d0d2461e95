using Cohortly.Common;

namespace Cohortly.Files;

[GrainType("bootcampresources")]
public sealed class BootcampResourcesGrain(
    [PersistentState("bootcamp-resources", StorageNames.Cohortly)] IPersistentState<FileIdListState> state) : Grain, IBootcampResourcesGrain
{
    public Task AddAsync(string fileId) => FileIdList.AddAsync(state, fileId, FileRules.MaxResourcesPerBootcamp, "This bootcamp");

    public Task RemoveAsync(string fileId) => FileIdList.RemoveAsync(state, fileId);

    public Task<PageSlice<string>> ListAsync(int page, int pageSize) => Task.FromResult(FileIdList.Page(state, page, pageSize));
}
