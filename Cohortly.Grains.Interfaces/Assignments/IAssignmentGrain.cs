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
