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

    public static string KeyOf(string bootcampId, string studentId) => $"{bootcampId}/{studentId}";
}
