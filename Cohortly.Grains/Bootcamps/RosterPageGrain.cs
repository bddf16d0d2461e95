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
    public async Task PutAsync(int slot, RosterEntry entry)
    {
        SlotList.Put(state.State.Entries, slot, IRosterPageGrain.Size, entry);
        await state.WriteStateAsync();
    }

    public async Task SetStatusAsync(int slot, EnrollmentStatus status)
    {
        if (slot < state.State.Entries.Count && state.State.Entries[slot] is { } entry)
        {
            state.State.Entries[slot] = entry with { Status = status };
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<RosterEntry>> GetEntriesAsync() =>
        Task.FromResult(SlotList.Filled(state.State.Entries));
}
