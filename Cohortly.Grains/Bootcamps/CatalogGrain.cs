using Cohortly.Common;

namespace Cohortly.Bootcamps;

[GenerateSerializer, Alias("cohortly.bootcamps.catalog-state")]
public sealed class CatalogState
{
    [Id(0)] public Dictionary<string, CatalogEntry> Entries { get; set; } = [];
}

/// <summary>The catalog's source of truth. Written rarely (bootcamp changes, coalesced seat counts); never read per request.</summary>
[GrainType("catalog")]
public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Cohortly)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    public async Task UpsertAsync(CatalogEntry entry)
    {
        state.State.Entries[entry.BootcampId] = entry;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<CatalogEntry>> GetAllAsync() =>
        Task.FromResult<IReadOnlyList<CatalogEntry>>([.. state.State.Entries.Values]);
}
