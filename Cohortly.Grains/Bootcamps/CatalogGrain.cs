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
    private bool _recountArmed;

    // Starts anywhere per activation, so a reader's version from an earlier activation never passes for this one's.
    private long _version = Random.Shared.NextInt64(long.MaxValue / 2);

    public async Task UpsertAsync(CatalogEntry entry)
    {
        state.State.Entries[entry.BootcampId] = entry;
        await state.WriteStateAsync();
        _version++;
        if (!_recountArmed)
        {
            // Once per activation: as soon as there is a bootcamp, there is a seat count the weekly recount checks.
            await GrainFactory.GetGrain<IRecountGrain>(IRecountGrain.Key).EnsureScheduledAsync();
            _recountArmed = true;
        }
    }

    public Task<IReadOnlyList<string>> GetIdsAfterAsync(string? after, int take) =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Entries.Keys
            .Where(id => after is null || string.CompareOrdinal(id, after) > 0)
            .Order(StringComparer.Ordinal)
            .Take(take)]);

    public Task<CatalogRows?> GetAllIfChangedAsync(long knownVersion) =>
        Task.FromResult(knownVersion == _version ? null : new CatalogRows(_version, [.. state.State.Entries.Values]));

    public Task<IReadOnlyList<CatalogEntry>> GetAllAsync() =>
        Task.FromResult<IReadOnlyList<CatalogEntry>>([.. state.State.Entries.Values]);
}
