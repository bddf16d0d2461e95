using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Bootcamps;

[GenerateSerializer, Alias("cohortly.bootcamps.catalog-state")]
public sealed class CatalogState
{
    [Id(0)] public Dictionary<string, CatalogEntry> Entries { get; set; } = [];

    /// <summary>The shards that have stored their rows; the rows are cleared when all of them have.</summary>
    [Id(1)] public HashSet<int> ShardsDone { get; set; } = [];
}

/// <summary>
/// The single catalog grain of earlier versions, kept only to hand its stored rows to the shards. The handover is
/// crash-safe in both directions: a shard stores its rows before it reports them taken (a crash in between re-runs the
/// take, which adds nothing twice), and the rows stay here until every shard has reported.
/// </summary>
[GrainType("catalog")]
public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Cohortly)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    public Task<ImmutableArray<CatalogEntry>> GetRowsForShardAsync(int shard) =>
        Task.FromResult<ImmutableArray<CatalogEntry>>([.. state.State.Entries.Values
            .Where(entry => ICatalogShardGrain.ShardOf(entry.BootcampId) == shard)]);

    public async Task ShardTookRowsAsync(int shard)
    {
        if (state.State.Entries.Count == 0 || !state.State.ShardsDone.Add(shard))
        {
            // Nothing stored here (a catalog begun after sharding, or one already handed over), or this shard said so already.
            return;
        }
        try
        {
            if (state.State.ShardsDone.Count == ICatalogShardGrain.Shards)
            {
                // The storage keeps a cleared state's row with no payload: read back, it is an empty catalog.
                await state.ClearStateAsync();
                return;
            }
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: the shard reports again on its next activation, and must then be counted.
            state.State.ShardsDone.Remove(shard);
            throw;
        }
    }
}
