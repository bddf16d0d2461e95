using Cohortly.Common;

namespace Cohortly.Accounts;

/// <summary>
/// Admins' user search: asks every <see cref="IUserDirectoryShardGrain"/> at once and merges their first matches.
/// A stateless worker per silo, so searches never queue behind each other. Key 0.
/// </summary>
[Alias("cohortly.accounts.user-directory-reader")]
public interface IUserDirectoryReaderGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>
    /// How deep a search pages: beyond it the page is empty but the total still counts every match (narrow the search instead).
    /// Bounds what each shard sends back per search.
    /// </summary>
    public const int MaxWindow = 1000;

    /// <summary>Admins only. Users whose display name or email holds every word of <paramref name="text"/>, ignoring case, by name.</summary>
    [Alias("search")]
    Task<PageSlice<UserProfile>> SearchAsync(Caller caller, string? text, int page, int pageSize);
}
