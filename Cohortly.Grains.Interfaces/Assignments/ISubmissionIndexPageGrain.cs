using Orleans.Concurrency;

namespace Cohortly.Assignments;

/// <summary>
/// A page of an assignment's latest-submission-per-student list, keyed <c>{assignmentId}/{pageIndex}</c>, in
/// first-submission order. A student's row is updated in place on every new version or grade.
/// </summary>
[Alias("cohortly.assignments.submission-index-page")]
public interface ISubmissionIndexPageGrain : IGrainWithStringKey
{
    public const int Size = 100;

    /// <summary>Interleaved: lines put while a write is in flight are stored together by the next one.</summary>
    [Alias("put"), AlwaysInterleave]
    Task PutAsync(int slot, SubmissionSummary summary);

    [Alias("get-entries"), ReadOnly]
    Task<IReadOnlyList<SubmissionSummary>> GetEntriesAsync();

    public static string KeyOf(string assignmentId, int page) => $"{assignmentId}/{page}";
}
