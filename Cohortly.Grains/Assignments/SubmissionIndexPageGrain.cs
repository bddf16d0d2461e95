using Cohortly.Common;

namespace Cohortly.Assignments;

[GenerateSerializer, Alias("cohortly.assignments.submission-index-page-state")]
public sealed class SubmissionIndexPageState
{
    [Id(0)] public List<SubmissionSummary?> Entries { get; set; } = [];
}

[GrainType("submissionindexpage")]
public sealed class SubmissionIndexPageGrain(
    [PersistentState("submission-index-page", StorageNames.Cohortly)] IPersistentState<SubmissionIndexPageState> state) : Grain, ISubmissionIndexPageGrain
{
    // Students who submit at once sit on one page: the lines put while a write is in flight are stored by the next one.
    private readonly GroupedStateWrites<SubmissionIndexPageState> _writes = new(state);

    public Task PutAsync(int slot, SubmissionSummary summary)
    {
        SlotList.Put(state.State.Entries, slot, ISubmissionIndexPageGrain.Size, summary);
        return _writes.WriteAsync(this);
    }

    public Task<IReadOnlyList<SubmissionSummary>> GetEntriesAsync() =>
        Task.FromResult(SlotList.Filled(state.State.Entries));
}
