using Cohortly.Common;

namespace Cohortly.Assignments;

[GenerateSerializer, Alias("cohortly.assignments.submission-index-state")]
public sealed class SubmissionIndexState
{
    [Id(0)] public int Slots { get; set; }
}

/// <summary>
/// A counter only, so handing out a slot is one tiny write however many students submit; slots claimed while a write
/// is in flight are stored together by the next one.
/// </summary>
[GrainType("submissionindex")]
public sealed class SubmissionIndexGrain(
    [PersistentState("submission-index", StorageNames.Cohortly)] IPersistentState<SubmissionIndexState> state) : Grain, ISubmissionIndexGrain
{
    private readonly GroupedStateWrites<SubmissionIndexState> _writes = new(state);

    public async Task<int> ClaimSlotAsync(string studentId)
    {
        var slot = state.State.Slots++;
        await _writes.WriteAsync(this);
        return slot;
    }

    public Task<int> CountAsync() => Task.FromResult(state.State.Slots);
}
