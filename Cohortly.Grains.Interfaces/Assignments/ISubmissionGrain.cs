using Cohortly.Common;

namespace Cohortly.Assignments;

/// <summary>One student's work on one assignment, keyed <c>{assignmentId}/{studentId}</c>: every version, the grade, any extension.</summary>
[Alias("cohortly.assignments.submission")]
public interface ISubmissionGrain : IGrainWithStringKey
{
    /// <summary>The enrolled student themself; each call is a new version.</summary>
    [Alias("submit")]
    Task<SubmissionReceipt> SubmitAsync(Caller caller, string? text, IReadOnlyList<string> fileIds);

    /// <summary>
    /// As <see cref="SubmitAsync"/>, once per <paramref name="requestId"/> (from the request's Idempotency-Key): a repeat
    /// of the latest submit answers its receipt instead of storing another version.
    /// </summary>
    [Alias("submit-once")]
    Task<SubmissionReceipt> SubmitOnceAsync(Caller caller, string requestId, string? text, IReadOnlyList<string> fileIds);

    /// <summary>The student, the bootcamp's staff, admins.</summary>
    [Alias("list-versions")]
    Task<PageSlice<SubmissionVersion>> ListVersionsAsync(Caller caller, int page, int pageSize);

    [Alias("get-version")]
    Task<SubmissionVersion> GetVersionAsync(Caller caller, int version);

    [Alias("get-grade")]
    Task<Grade?> GetGradeAsync(Caller caller);

    /// <summary>The student's standing: latest version, grade and any extension; null before the first submission and without an extension.</summary>
    [Alias("get-summary")]
    Task<SubmissionSummary?> GetSummaryAsync(Caller caller);

    /// <summary>Instructors of the bootcamp; grades the latest version and applies the late policy.</summary>
    [Alias("grade")]
    Task<Grade> GradeAsync(Caller caller, decimal score, string feedback);

    /// <summary>Instructors of the bootcamp: a later due date for this student alone.</summary>
    [Alias("grant-extension")]
    Task GrantExtensionAsync(Caller caller, DateTimeOffset dueAt);

    public static string KeyOf(string assignmentId, string studentId) => $"{assignmentId}/{studentId}";
}
