using Orleans.Concurrency;

namespace Cohortly.Files;

/// <summary>A user's current avatar, keyed by user id.</summary>
[Alias("cohortly.files.avatar")]
public interface IAvatarGrain : IGrainWithStringKey
{
    /// <summary>Makes the file the avatar and returns the one it replaces, which the caller deletes.</summary>
    [Alias("set")]
    Task<string?> SetAsync(string fileId);

    [Alias("get"), ReadOnly]
    Task<string?> GetAsync();

    [Alias("clear-if")]
    Task ClearIfAsync(string fileId);
}
