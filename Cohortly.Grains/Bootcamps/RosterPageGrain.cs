using Cohortly.Common;

namespace Cohortly.Bootcamps;

[GenerateSerializer, Alias("cohortly.bootcamps.roster-page-state")]
public sealed class RosterPageState
{
    /// <summary>Indexed by slot within the page; a slot claimed but never written stays null.</summary>
    [Id(0)] public List<RosterEntry?> Entries { get; set; } = [];
}

[GrainType("rosterpage")]
public sealed class RosterPageGrain : Grain, IRosterPageGrain
{
    private readonly IPersistentState<RosterPageState> _state;
    // Consecutive students land on one page: the lines put while a write is in flight are stored by the next one.
    private readonly GroupedStateWrites<RosterPageState> _writes;

    public RosterPageGrain([PersistentState("roster-page", StorageNames.Cohortly)] IPersistentState<RosterPageState> state)
    {
        _state = state;
        _writes = new(state, this);
    }

    public Task PutAsync(int slot, RosterEntry entry)
    {
        var entries = _state.State.Entries;
        // A retried enrollment puts the line it already put: nothing new to store once what is in memory is stored.
        if (slot < entries.Count && Equals(entries[slot], entry))
        {
            return _writes.StoredAsync();
        }
        SlotList.Put(entries, slot, IRosterPageGrain.Size, entry);
        return _writes.WriteAsync();
    }

    public Task SetStatusAsync(int slot, EnrollmentStatus status)
    {
        var entries = _state.State.Entries;
        if (slot < entries.Count && entries[slot] is { } entry && entry.Status != status)
        {
            entries[slot] = entry with { Status = status };
            return _writes.WriteAsync();
        }
        return _writes.StoredAsync();
    }

    public Task<IReadOnlyList<RosterEntry>> GetEntriesAsync() =>
        Task.FromResult(SlotList.Filled(_state.State.Entries));
}
