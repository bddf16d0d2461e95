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
    /// <summary>False after a write that failed: what this activation holds may then be more than what is stored.</summary>
    private bool _stored = true;

    public async Task PutAsync(int slot, RosterEntry entry)
    {
        // A retried enrollment puts the line it already put: nothing new to store.
        if (_stored && slot < state.State.Entries.Count && Equals(state.State.Entries[slot], entry))
        {
            return;
        }
        SlotList.Put(state.State.Entries, slot, IRosterPageGrain.Size, entry);
        await WriteAsync();
    }

    private async Task WriteAsync()
    {
        _stored = false;
        await state.WriteStateAsync();
        _stored = true;
    }

    public async Task SetStatusAsync(int slot, EnrollmentStatus status)
    {
        if (slot < state.State.Entries.Count && state.State.Entries[slot] is { } entry)
        {
            state.State.Entries[slot] = entry with { Status = status };
            await WriteAsync();
        }
    }

    public Task<IReadOnlyList<RosterEntry>> GetEntriesAsync() =>
        Task.FromResult(SlotList.Filled(state.State.Entries));
}
