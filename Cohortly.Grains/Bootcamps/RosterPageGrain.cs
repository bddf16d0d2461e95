using Cohortly.Common;

namespace Cohortly.Bootcamps;

[GenerateSerializer, Alias("cohortly.bootcamps.roster-page-state")]
public sealed class RosterPageState
{
    /// <summary>Indexed by slot within the page; a slot claimed but never written stays null.</summary>
    [Id(0)] public List<RosterEntry?> Entries { get; set; } = [];
}

[GrainType("rosterpage")]
public sealed class RosterPageGrain(
    [PersistentState("roster-page", StorageNames.Cohortly)] IPersistentState<RosterPageState> state) : Grain, IRosterPageGrain
{
    // Consecutive students land on one page: the lines put while a write is in flight are stored by the next one.
    private readonly GroupedStateWrites<RosterPageState> _writes = new(state);

    public Task PutAsync(int slot, RosterEntry entry)
    {
        var entries = state.State.Entries;
        // A retried enrollment puts the line it already put: nothing new to store once what is in memory is stored.
        if (slot < entries.Count && Equals(entries[slot], entry))
        {
            return _writes.StoredAsync(this);
        }
        SlotList.Put(entries, slot, IRosterPageGrain.Size, entry);
        return _writes.WriteAsync(this);
    }

    public Task SetStatusAsync(int slot, EnrollmentStatus status)
    {
        var entries = state.State.Entries;
        if (slot < entries.Count && entries[slot] is { } entry && entry.Status != status)
        {
            entries[slot] = entry with { Status = status };
            return _writes.WriteAsync(this);
        }
        return _writes.StoredAsync(this);
    }

    public Task<IReadOnlyList<RosterEntry>> GetEntriesAsync() =>
        Task.FromResult(SlotList.Filled(state.State.Entries));
}
