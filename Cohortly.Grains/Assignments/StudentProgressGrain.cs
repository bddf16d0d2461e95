using Cohortly.Common;

namespace Cohortly.Assignments;

[GenerateSerializer, Alias("cohortly.assignments.student-progress-state")]
public sealed class StudentProgressState
{
    [Id(0)] public Dictionary<string, AssignmentStanding> Assignments { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("cohortly.assignments.assignment-standing")]
public sealed record AssignmentStanding(
    [property: Id(0)] bool Late,
    [property: Id(1)] decimal? ScorePercent);

[GrainType("studentprogress")]
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
