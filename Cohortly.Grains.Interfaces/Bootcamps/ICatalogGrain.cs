using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

/// <summary>
/// The catalog as versions before the shards stored it: one grain holding every row. Nothing writes rows here any more;
/// each <see cref="ICatalogShardGrain"/>, on its first activation, takes the rows that belong to it and says so, and
/// once every shard has, the old state is cleared.
/// </summary>
[Alias("cohortly.bootcamps.catalog")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>The stored rows that <see cref="ICatalogShardGrain.ShardOf"/> places in <paramref name="shard"/>.</summary>
    [Alias("get-rows-for-shard"), ReadOnly]
    Task<ImmutableArray<CatalogEntry>> GetRowsForShardAsync(int shard);

    /// <summary><paramref name="shard"/> has stored its rows; after the last shard, the old state goes.</summary>
    [Alias("shard-took-rows")]
    Task ShardTookRowsAsync(int shard);
}
