namespace Cohortly.Bootcamps;

/// <summary>Walks over every bootcamp (the weekly recount and reports), reading the catalog's shards side by side.</summary>
public static class CatalogReads
{
    /// <summary>Every catalog row, fresh from the shards (searches use the readers' snapshots instead).</summary>
    public static async Task<IReadOnlyList<CatalogEntry>> GetCatalogAsync(this IGrainFactory grains)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, ICatalogShardGrain.Shards)
            .Select(shard => grains.GetGrain<ICatalogShardGrain>(shard).GetAllAsync()));
        return [.. shards.SelectMany(rows => rows)];
    }

    /// <summary>Up to <paramref name="take"/> bootcamp ids after <paramref name="after"/> in ordinal order, across all shards.</summary>
    public static async Task<IReadOnlyList<string>> GetCatalogIdsAfterAsync(this IGrainFactory grains, string? after, int take)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, ICatalogShardGrain.Shards)
            .Select(shard => grains.GetGrain<ICatalogShardGrain>(shard).GetIdsAfterAsync(after, take)));
        return [.. shards.SelectMany(ids => ids).Order(StringComparer.Ordinal).Take(take)];
    }
}
