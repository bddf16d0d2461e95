using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Assignments;

[GenerateSerializer, Alias("cohortly.assignments.student-progress-state")]
public sealed class StudentProgressState
{
    [Id(0)] public Dictionary<string, AssignmentStanding> Assignments { get; set; } = [];
    /// <summary>Counts the changes, so a recount can tell a standing recorded while it read the submissions.</summary>
    [Id(1)] public long Revision { get; set; }
}

[GrainType("studentprogress")]
public sealed class StudentProgressGrain(
    [PersistentState("student-progress", StorageNames.Cohortly)] IPersistentState<StudentProgressState> state) : Grain, IStudentProgressGrain
{
    public async Task RecordSubmissionAsync(string assignmentId, bool late)
    {
        var standing = state.State.Assignments.GetValueOrDefault(assignmentId);
        // The latest version decides lateness: resubmitting on time after a late try is on time.
        await RecordAsync(assignmentId, new AssignmentStanding(late, standing?.ScorePercent));
    }

    public async Task RecordGradeAsync(string assignmentId, decimal percent)
    {
        var standing = state.State.Assignments.GetValueOrDefault(assignmentId) ?? new AssignmentStanding(false, null);
        await RecordAsync(assignmentId, standing with { ScorePercent = percent });
    }

    /// <summary>A write that fails leaves the activation as stored, so the recount (and the home) see the drift a crash would leave.</summary>
    private async Task RecordAsync(string assignmentId, AssignmentStanding standing)
    {
        var was = state.State.Assignments.GetValueOrDefault(assignmentId);
        state.State.Assignments[assignmentId] = standing;
        state.State.Revision++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Revision--;
            if (was is null)
            {
                state.State.Assignments.Remove(assignmentId);
            }
            else
            {
                state.State.Assignments[assignmentId] = was;
            }
            throw;
        }
    }

    public Task<Progress> GetAsync(int totalAssignments) => Task.FromResult(Summarize(state.State.Assignments, totalAssignments));

    public Task<int> GetGradedCountAsync() => Task.FromResult(state.State.Assignments.Values.Count(s => s.ScorePercent is not null));

    public Task<long> GetRevisionAsync() => Task.FromResult(state.State.Revision);

    public async Task<ProgressCorrection?> ReconcileAsync(long revision, ImmutableDictionary<string, AssignmentStanding> truth, int totalAssignments)
    {
        var current = state.State.Assignments;
        // Changed since the recount read the submissions: what it read may be older than what is here.
        if (state.State.Revision != revision
            || (current.Count == truth.Count && truth.All(entry => current.TryGetValue(entry.Key, out var standing) && standing == entry.Value)))
        {
            return null;
        }
        var was = Summarize(current, totalAssignments);
        state.State.Assignments = new Dictionary<string, AssignmentStanding>(truth);
        state.State.Revision++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.Assignments, state.State.Revision) = (current, revision);
            throw;
        }
        return new ProgressCorrection(was, Summarize(truth, totalAssignments));
    }

    private static Progress Summarize(IReadOnlyDictionary<string, AssignmentStanding> assignments, int totalAssignments)
    {
        var standings = assignments.Values.ToList();
        var graded = standings.Where(s => s.ScorePercent is not null).Select(s => s.ScorePercent!.Value).ToList();
        return new Progress(
            standings.Count,
            totalAssignments,
            graded.Count == 0 ? null : Math.Round(graded.Average(), 2),
            standings.Count(s => s.Late));
    }
}
