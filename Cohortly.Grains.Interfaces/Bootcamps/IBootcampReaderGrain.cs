using System.Collections.Immutable;
using Cohortly.Assignments;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

/// <summary>
/// Answers reads that need the caller's relationship to a bootcamp, which spans the bootcamp grain and the caller's
/// enrollment grain. A stateless worker per silo, so the check runs beside the grains it asks and never queues on one
/// activation; the bootcamp grain itself must not ask enrollments (they may be waiting on it). Key 0.
/// </summary>
[Alias("cohortly.bootcamps.bootcamp-reader")]
public interface IBootcampReaderGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>The caller's role in the bootcamp (None for an admin who is not a member); members and admins only.</summary>
    [Alias("require-member")]
    Task<MemberRole> RequireMemberAsync(Caller caller, string bootcampId);

    /// <summary>The roster in enrollment order; the bootcamp's staff and admins.</summary>
    [Alias("list-roster")]
    Task<PageSlice<RosterEntry>> ListRosterAsync(Caller caller, string bootcampId, int page, int pageSize);

    /// <summary>A student's progress; the student, the bootcamp's staff and admins.</summary>
    [Alias("get-progress")]
    Task<Progress> GetProgressAsync(Caller caller, string bootcampId, string studentId);

    /// <summary>The caller's own bootcamps by start date, with progress where they are a student.</summary>
    [Alias("list-mine")]
    Task<ImmutableArray<MyBootcamp>> ListMineAsync(Caller caller);

    /// <summary>The ids of the bootcamp's course resources, newest first; members and admins.</summary>
    [Alias("list-resources")]
    Task<PageSlice<string>> ListResourcesAsync(Caller caller, string bootcampId, int page, int pageSize);

    /// <summary>Refuses unless the caller may add a course resource: the bootcamp's instructors and admins.</summary>
    [Alias("require-resource-author"), ReadOnly]
    Task RequireResourceAuthorAsync(Caller caller, string bootcampId);
}
