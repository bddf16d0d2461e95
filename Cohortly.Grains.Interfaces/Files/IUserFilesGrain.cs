using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Files;

/// <summary>The files a user has uploaded, newest first, keyed by user id; deleted files leave the list.</summary>
[Alias("cohortly.files.user-files")]
public interface IUserFilesGrain : IGrainWithStringKey
{
    [Alias("add")]
    Task AddAsync(string fileId);

    [Alias("remove")]
    Task RemoveAsync(string fileId);

    [Alias("list"), ReadOnly]
    Task<PageSlice<string>> ListAsync(int page, int pageSize);
}
