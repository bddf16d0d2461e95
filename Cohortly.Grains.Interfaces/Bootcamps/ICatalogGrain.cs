using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

/// <summary>Every bootcamp's catalog row. Written when a bootcamp changes; read through <see cref="ICatalogReaderGrain"/>.</summary>
[Alias("cohortly.bootcamps.catalog")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("upsert")]
    Task UpsertAsync(CatalogEntry entry);

    [Alias("get-all"), ReadOnly]
    Task<IReadOnlyList<CatalogEntry>> GetAllAsync();

    /// <summary>
    /// Every row, unless the catalog is still at <paramref name="knownVersion"/> (null then): readers ask every second,
    /// but copy the whole catalog only when it changed.
    /// </summary>
    [Alias("get-all-if-changed"), ReadOnly]
    Task<CatalogRows?> GetAllIfChangedAsync(long knownVersion);

    /// <summary>Up to <paramref name="take"/> bootcamp ids after <paramref name="after"/> in ordinal order: a walk over every bootcamp, one bounded call at a time.</summary>
    [Alias("get-ids-after"), ReadOnly]
    Task<IReadOnlyList<string>> GetIdsAfterAsync(string? after, int take);
}
