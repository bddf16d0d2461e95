using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Files;

/// <summary>A bootcamp's course resources, newest first, keyed by bootcamp id.</summary>
[Alias("cohortly.files.bootcamp-resources")]
public interface IBootcampResourcesGrain : IGrainWithStringKey
{
    [Alias("add")]
    Task AddAsync(string fileId);

    [Alias("remove")]
    Task RemoveAsync(string fileId);

    [Alias("list"), ReadOnly]
    Task<PageSlice<string>> ListAsync(int page, int pageSize);
}
