using Orleans.Concurrency;

namespace Cohortly.Assignments;

/// <summary>Hands out slots in an assignment's submission index, one per student, in order. Keyed by assignment id.</summary>
[Alias("cohortly.assignments.submission-index")]
public interface ISubmissionIndexGrain : IGrainWithStringKey
{
    /// <summary>Interleaved: slots claimed while a write is in flight are stored together by the next one.</summary>
    [Alias("claim-slot"), AlwaysInterleave]
    Task<int> ClaimSlotAsync(string studentId);

    [Alias("count"), ReadOnly]
    Task<int> CountAsync();
}
