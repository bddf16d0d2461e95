using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Accounts;

/// <summary>
/// One of <see cref="Shards"/> slices of the user directory (name, email, roles of every account), keyed by shard number.
/// User grains keep their own row current; admins search the slices through <see cref="IUserDirectoryReaderGrain"/>,
/// so a search reads a fixed number of grains, never one grain per user, and no single grain holds every account.
/// </summary>
[Alias("cohortly.accounts.user-directory-shard")]
public interface IUserDirectoryShardGrain : IGrainWithIntegerKey
{
    public const int Shards = 16;

    /// <summary>A stable shard for a user id.</summary>
    public static long ShardOf(string userId) => StableShard.Of(userId, Shards);

    [Alias("upsert")]
    Task UpsertAsync(UserProfile profile);

    /// <summary>The first <paramref name="take"/> matches in directory order, with how many match in this shard.</summary>
    [Alias("search"), ReadOnly]
    Task<PageSlice<UserProfile>> SearchAsync(string? text, int take);
}
