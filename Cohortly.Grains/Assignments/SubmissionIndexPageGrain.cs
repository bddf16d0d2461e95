using Cohortly.Common;

namespace Cohortly.Assignments;

[GenerateSerializer, Alias("cohortly.assignments.submission-index-page-state")]
public sealed class SubmissionIndexPageState
{
    [Id(0)] public List<SubmissionSummary?> Entries { get; set; } = [];
}

[GrainType("submissionindexpage")]
public sealed class SubmissionIndexPageGrain : Grain, ISubmissionIndexPageGrain
{
    private readonly IPersistentState<SubmissionIndexPageState> _state;
    // Students who submit at once sit on one page: the lines put while a write is in flight are stored by the next one.
    private readonly GroupedStateWrites<SubmissionIndexPageState> _writes;

    public SubmissionIndexPageGrain([PersistentState("submission-index-page", StorageNames.Cohortly)] IPersistentState<SubmissionIndexPageState> state)
    {
        _state = state;
        _writes = new(state, this);
    }

    public Task PutAsync(int slot, SubmissionSummary summary)
    {
        SlotList.Put(_state.State.Entries, slot, ISubmissionIndexPageGrain.Size, summary);
        return _writes.WriteAsync();
    }

    public Task<IReadOnlyList<SubmissionSummary>> GetEntriesAsync() =>
        Task.FromResult(SlotList.Filled(_state.State.Entries));
}
