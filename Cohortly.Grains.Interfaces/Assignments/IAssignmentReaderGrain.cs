using Cohortly.Common;

namespace Cohortly.Assignments;

/// <summary>
/// Answers assignment reads that need the caller's relationship to the assignment's bootcamp. A stateless worker per
/// silo (see <see cref="Bootcamps.IBootcampReaderGrain"/>). Key 0.
/// </summary>
[Alias("cohortly.assignments.assignment-reader")]
public interface IAssignmentReaderGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>The bootcamp's assignments by due date, then title; members and admins. A student's rows carry their own standing.</summary>
    [Alias("list-rows")]
    Task<PageSlice<AssignmentRow>> ListAsync(Caller caller, string bootcampId, int page, int pageSize);

    /// <summary>One assignment; members of its bootcamp and admins.</summary>
    [Alias("get")]
    Task<AssignmentSnapshot> GetAsync(Caller caller, string assignmentId);

    /// <summary>A student sees their own versions; staff and admins the latest submission per student.</summary>
    [Alias("list-submissions")]
    Task<SubmissionListing> ListSubmissionsAsync(Caller caller, string assignmentId, int page, int pageSize);

    /// <summary>The assignment a file is uploaded for, when the caller is an enrolled student and it is open.</summary>
    [Alias("require-submission-upload")]
    Task<AssignmentSnapshot> RequireSubmissionUploadAsync(Caller caller, string assignmentId);
}
