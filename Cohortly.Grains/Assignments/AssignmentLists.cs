using System.Collections.Immutable;
using Cohortly.Bootcamps;

namespace Cohortly.Assignments;

/// <summary>Reads of a bootcamp's assignments shared by the reader grains.</summary>
public static class AssignmentLists
{
    /// <summary>Every assignment of the bootcamp by due date, then title. A bootcamp holds a bounded number of them.</summary>
    public static async Task<ImmutableArray<AssignmentSnapshot>> ListAssignmentsAsync(this IGrainFactory grains, string bootcampId)
    {
        var ids = await grains.GetGrain<IBootcampGrain>(bootcampId).GetAssignmentIdsAsync();
        var snapshots = await Task.WhenAll(ids.Select(id => grains.GetGrain<IAssignmentGrain>(id).GetAsync()));
        return [.. snapshots.OfType<AssignmentSnapshot>()
            .OrderBy(a => a.Details.DueAt).ThenBy(a => a.Details.Title, StringComparer.OrdinalIgnoreCase)];
    }
}
