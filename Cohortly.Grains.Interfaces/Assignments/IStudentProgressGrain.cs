using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Cohortly.Assignments;

/// <summary>A student's progress in one bootcamp, keyed <c>{bootcampId}/{studentId}</c>, updated as work is submitted and graded.</summary>
[Alias("cohortly.assignments.student-progress")]
public interface IStudentProgressGrain : IGrainWithStringKey
{
    [Alias("record-submission")]
    Task RecordSubmissionAsync(string assignmentId, bool late);

    [Alias("record-grade")]
    Task RecordGradeAsync(string assignmentId, decimal percent);

    [Alias("get"), ReadOnly]
    Task<Progress> GetAsync(int totalAssignments);

    /// <summary>How many of the student's assignments carry a grade (the certificate rule's "all assignments graded").</summary>
    [Alias("graded-count"), ReadOnly]
    Task<int> GetGradedCountAsync();

    /// <summary>Changes so far; the recount reads it before the submissions and hands it back to <see cref="ReconcileAsync"/>.</summary>
    [Alias("get-revision"), ReadOnly]
    Task<long> GetRevisionAsync();

    /// <summary>
    /// Puts the standings back to <paramref name="truth"/> (recomputed from the submission grains) unless something was
    /// recorded since <paramref name="revision"/>; what progress read before and after, or null when nothing changed.
    /// </summary>
    [Alias("reconcile")]
    Task<ProgressCorrection?> ReconcileAsync(long revision, ImmutableDictionary<string, AssignmentStanding> truth, int totalAssignments);

    public static string KeyOf(string bootcampId, string studentId) => $"{bootcampId}/{studentId}";
}
