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
    public async Task PutAsync(int slot, SubmissionSummary summary)
    {
        SlotList.Put(state.State.Entries, slot, ISubmissionIndexPageGrain.Size, summary);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SubmissionSummary>> GetEntriesAsync() =>
        Task.FromResult(SlotList.Filled(state.State.Entries));
}
