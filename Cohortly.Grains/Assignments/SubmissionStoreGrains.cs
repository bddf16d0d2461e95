using Cohortly.Common;

namespace Cohortly.Assignments;

[GenerateSerializer, Alias("cohortly.assignments.submission-version-state")]
public sealed class SubmissionVersionState
{
    [Id(0)] public SubmissionVersion? Version { get; set; }
}

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

[GenerateSerializer, Alias("cohortly.assignments.submission-index-state")]
public sealed class SubmissionIndexState
{
    [Id(0)] public int Slots { get; set; }
}

/// <summary>A counter only, so handing out a slot is one tiny write however many students submit.</summary>
public sealed class SubmissionIndexGrain(
    [PersistentState("submission-index", StorageNames.Cohortly)] IPersistentState<SubmissionIndexState> state) : Grain, ISubmissionIndexGrain
{
    public async Task<int> ClaimSlotAsync(string studentId)
    {
        var slot = state.State.Slots++;
        await state.WriteStateAsync();
        return slot;
    }

    public Task<int> CountAsync() => Task.FromResult(state.State.Slots);
}

[GenerateSerializer, Alias("cohortly.assignments.submission-index-page-state")]
public sealed class SubmissionIndexPageState
{
    [Id(0)] public List<SubmissionSummary?> Entries { get; set; } = [];
}

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

[GenerateSerializer, Alias("cohortly.assignments.student-progress-state")]
public sealed class StudentProgressState
{
    [Id(0)] public Dictionary<string, AssignmentStanding> Assignments { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("cohortly.assignments.assignment-standing")]
public sealed record AssignmentStanding(
    [property: Id(0)] bool Late,
    [property: Id(1)] decimal? ScorePercent);

public sealed class StudentProgressGrain(
    [PersistentState("student-progress", StorageNames.Cohortly)] IPersistentState<StudentProgressState> state) : Grain, IStudentProgressGrain
{
    public async Task RecordSubmissionAsync(string assignmentId, bool late)
    {
        var standing = state.State.Assignments.GetValueOrDefault(assignmentId);
        // The latest version decides lateness: resubmitting on time after a late try is on time.
        state.State.Assignments[assignmentId] = new AssignmentStanding(late, standing?.ScorePercent);
        await state.WriteStateAsync();
    }

    public async Task RecordGradeAsync(string assignmentId, decimal percent)
    {
        var standing = state.State.Assignments.GetValueOrDefault(assignmentId) ?? new AssignmentStanding(false, null);
        state.State.Assignments[assignmentId] = standing with { ScorePercent = percent };
        await state.WriteStateAsync();
    }

    public Task<Progress> GetAsync(int totalAssignments)
    {
        var standings = state.State.Assignments.Values;
        var graded = standings.Where(s => s.ScorePercent is not null).Select(s => s.ScorePercent!.Value).ToList();
        return Task.FromResult(new Progress(
            standings.Count,
            totalAssignments,
            graded.Count == 0 ? null : Math.Round(graded.Average(), 2),
            standings.Count(s => s.Late)));
    }
}
