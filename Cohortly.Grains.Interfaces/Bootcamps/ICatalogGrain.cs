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
}
