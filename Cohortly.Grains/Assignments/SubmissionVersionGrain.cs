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
    public async Task StoreAsync(SubmissionVersion version)
    {
        // Written once: a version, once submitted, is evidence and never changes.
        if (state.State.Version is not null)
        {
            throw DomainException.Conflict("version-exists", $"Version {version.Version} is already stored.");
        }
        state.State.Version = version;
        await state.WriteStateAsync();
    }

    public Task<SubmissionVersion?> GetAsync() => Task.FromResult(state.State.Version);
}
