using Cohortly.Common;

namespace Cohortly.Bootcamps;

[GenerateSerializer, Alias("cohortly.bootcamps.catalog-shard-state")]
public sealed class CatalogShardState
{
    [Id(0)] public Dictionary<string, CatalogEntry> Entries { get; set; } = [];

    /// <summary>The shard count these rows were placed with (<see cref="ICatalogShardGrain.Shards"/> when written).</summary>
    [Id(1)] public int Shards { get; set; }

    /// <summary>Whether this shard has taken its rows from the catalog stored before sharding and reported it.</summary>
    [Id(2)] public bool TookOldRows { get; set; }
}

/// <summary>One slice of the catalog. Written when one of its bootcamps changes (seat counts coalesced by the bootcamp); never read per request.</summary>
[GrainType("catalogshard")]
public sealed class CatalogShardGrain(
    [PersistentState("catalog-shard", StorageNames.Cohortly)] IPersistentState<CatalogShardState> state) : Grain, ICatalogShardGrain
{
    private bool _recountArmed;

    // Starts anywhere per activation, so a reader's version from an earlier activation never passes for this one's.
    private long _version = Random.Shared.NextInt64(long.MaxValue / 2);

    private int Shard => (int)this.GetPrimaryKeyLong();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Shards != 0 && state.State.Shards != ICatalogShardGrain.Shards)
        {
            throw new InvalidOperationException(
                $"Catalog shard {Shard} was written for {state.State.Shards} shards but this build has {ICatalogShardGrain.Shards}: " +
                "its rows would be looked for in the wrong shards. Re-shard the stored catalog before changing the count.");
        }
        if (!state.State.TookOldRows)
        {
            await TakeOldRowsAsync();
        }
    }

    public async Task UpsertAsync(CatalogEntry entry)
    {
        if (state.State.Entries.TryGetValue(entry.BootcampId, out var current) && current == entry)
        {
            return;
        }
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

    /// <summary>
    /// Before this shard answers anything: its rows from the one-grain catalog of earlier versions, stored here first and
    /// reported after, so a crash at any point re-runs this on the next activation and loses or doubles nothing.
    /// </summary>
    private async Task TakeOldRowsAsync()
    {
        var old = GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        var rows = await old.GetRowsForShardAsync(Shard);
        foreach (var row in rows)
        {
            // Only a run cut short can find a row here already, and it stored that same row.
            state.State.Entries.TryAdd(row.BootcampId, row);
        }
        state.State.Shards = ICatalogShardGrain.Shards;
        if (rows.Length > 0)
        {
            await state.WriteStateAsync();
        }
        await old.ShardTookRowsAsync(Shard);
        state.State.TookOldRows = true;
        await state.WriteStateAsync();
    }
}
