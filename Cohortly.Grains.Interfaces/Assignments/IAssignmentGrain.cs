using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Assignments;

[Alias("cohortly.assignments.assignment")]
public interface IAssignmentGrain : IGrainWithStringKey
{
    /// <summary>Instructors of the bootcamp only.</summary>
    [Alias("create")]
    Task<AssignmentSnapshot> CreateAsync(Caller caller, string bootcampId, AssignmentDetails details);

    [Alias("get"), ReadOnly]
    Task<AssignmentSnapshot?> GetAsync();

    /// <summary>Due date, closing and late policy; instructors of the bootcamp only.</summary>
    [Alias("update")]
    Task<AssignmentSnapshot> UpdateAsync(Caller caller, AssignmentPatch patch);
}

/// <summary>One student's work on one assignment, keyed <c>{assignmentId}/{studentId}</c>: every version, the grade, any extension.</summary>
[Alias("cohortly.assignments.submission")]
public interface ISubmissionGrain : IGrainWithStringKey
{
    /// <summary>The enrolled student themself; each call is a new version.</summary>
    [Alias("submit")]
    Task<SubmissionReceipt> SubmitAsync(Caller caller, string? text, IReadOnlyList<string> fileIds);

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

/// <summary>One submitted version, written once and kept forever; keyed <c>{assignmentId}/{studentId}/{version}</c>.</summary>
[Alias("cohortly.assignments.submission-version")]
public interface ISubmissionVersionGrain : IGrainWithStringKey
{
    [Alias("store")]
    Task StoreAsync(SubmissionVersion version);

    [Alias("get"), ReadOnly]
    Task<SubmissionVersion?> GetAsync();

    public static string KeyOf(string assignmentId, string studentId, int version) => $"{assignmentId}/{studentId}/{version}";
}

/// <summary>
/// A page of an assignment's latest-submission-per-student list, keyed <c>{assignmentId}/{pageIndex}</c>, in
/// first-submission order. A student's row is updated in place on every new version or grade.
/// </summary>
[Alias("cohortly.assignments.submission-index-page")]
public interface ISubmissionIndexPageGrain : IGrainWithStringKey
{
    public const int Size = 100;

    [Alias("put")]
    Task PutAsync(int slot, SubmissionSummary summary);

    [Alias("get-entries"), ReadOnly]
    Task<IReadOnlyList<SubmissionSummary>> GetEntriesAsync();

    public static string KeyOf(string assignmentId, int page) => $"{assignmentId}/{page}";
}

/// <summary>Hands out slots in an assignment's submission index, one per student, in order. Keyed by assignment id.</summary>
[Alias("cohortly.assignments.submission-index")]
public interface ISubmissionIndexGrain : IGrainWithStringKey
{
    [Alias("claim-slot")]
    Task<int> ClaimSlotAsync(string studentId);

    [Alias("count"), ReadOnly]
    Task<int> CountAsync();
}

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
