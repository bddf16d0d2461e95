using Orleans.Concurrency;

namespace Cohortly.Assignments;

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
