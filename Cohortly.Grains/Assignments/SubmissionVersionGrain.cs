using Cohortly.Common;

namespace Cohortly.Assignments;

[GenerateSerializer, Alias("cohortly.assignments.submission-version-state")]
public sealed class SubmissionVersionState
{
    [Id(0)] public SubmissionVersion? Version { get; set; }
}

[GrainType("submissionversion")]
public sealed class SubmissionVersionGrain(
    [PersistentState("submission-version", StorageNames.Cohortly)] IPersistentState<SubmissionVersionState> state) : Grain, ISubmissionVersionGrain
{
    /// <summary>
    /// The submission grain stores a version before its own state names it, and only ever stores the number after the
    /// last one it names. So a version found here already was stored by a submit whose own write then failed: nobody
    /// was told it exists, and the next submit of that number replaces it instead of locking the student out. Once
    /// named, a version is never stored again: it is evidence.
    /// </summary>
    public async Task StoreAsync(SubmissionVersion version)
    {
        state.State.Version = version;
        await state.WriteStateAsync();
    }

    public Task<SubmissionVersion?> GetAsync() => Task.FromResult(state.State.Version);
}
