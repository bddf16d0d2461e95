using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Assignments;

/// <summary>
/// Reads that cross a bootcamp's students and assignments: the gradebook and the homes' "what next" lists. A stateless
/// worker per silo; each read is built from the roster and submission-index page grains (one small grain per 100 rows),
/// never from one grain per student × assignment. Key 0.
/// </summary>
[Alias("cohortly.assignments.gradebook-reader")]
public interface IGradebookReaderGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>How many waiting submissions and missing students a grading queue names (the counts are complete).</summary>
    public const int WorkSample = 5;

    /// <summary>The bootcamp's staff (instructors and mentors) and admins.</summary>
    [Alias("get-gradebook")]
    Task<Gradebook> GetGradebookAsync(Caller caller, string bootcampId);

    /// <summary>The caller's assignments in every bootcamp they are enrolled in, by due date.</summary>
    [Alias("list-my-work")]
    Task<ImmutableArray<MyAssignment>> ListMyWorkAsync(Caller caller);

    /// <summary>Per assignment of the bootcamps the caller teaches: work waiting for a grade and students missing a due one.</summary>
    [Alias("list-grading-work")]
    Task<ImmutableArray<GradingWork>> ListGradingWorkAsync(Caller caller);

    /// <summary>Students of the bootcamps the caller mentors with no submission since <paramref name="quietFor"/> ago.</summary>
    [Alias("list-quiet-students")]
    Task<ImmutableArray<QuietStudent>> ListQuietStudentsAsync(Caller caller, TimeSpan quietFor);
}
