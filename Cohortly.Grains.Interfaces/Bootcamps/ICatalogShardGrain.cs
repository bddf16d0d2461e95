using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

/// <summary>
/// One of <see cref="Shards"/> slices of the catalog, keyed by shard number: each bootcamp keeps its own row current in
/// the shard <see cref="ShardOf"/> names, so a seat count writes one slice (about 1/16 of the catalog), never all of it.
/// Readers merge the slices through <see cref="ICatalogReaderGrain"/>; whole-catalog walks use <c>CatalogReads</c>.
/// </summary>
[Alias("cohortly.bootcamps.catalog-shard")]
public interface ICatalogShardGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Part of the stored format: a row lives in the shard this count places it in. Each shard stores the count it was
    /// written with and refuses to start under another, so changing it needs a re-sharding step, never just an edit.
    /// </summary>
    public const int Shards = 16;

    public static long ShardOf(string bootcampId) => StableShard.Of(bootcampId, Shards);

    [Alias("upsert")]
    Task UpsertAsync(CatalogEntry entry);

    [Alias("get-all"), ReadOnly]
    Task<IReadOnlyList<CatalogEntry>> GetAllAsync();

    /// <summary>
    /// This shard's rows, unless it is still at <paramref name="knownVersion"/> (null then): readers ask every second,
    /// but copy a shard only when it changed.
    /// </summary>
    [Alias("get-all-if-changed"), ReadOnly]
    Task<CatalogRows?> GetAllIfChangedAsync(long knownVersion);

    /// <summary>Up to <paramref name="take"/> of this shard's bootcamp ids after <paramref name="after"/>, in ordinal order.</summary>
    [Alias("get-ids-after"), ReadOnly]
    Task<IReadOnlyList<string>> GetIdsAfterAsync(string? after, int take);
}
