using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

/// <summary>
/// A fixed-size page of a bootcamp's roster in enrollment order, keyed <c>{bootcampId}/{pageIndex}</c>:
/// listing a page reads one small grain however large the bootcamp is.
/// </summary>
[Alias("cohortly.bootcamps.roster-page")]
public interface IRosterPageGrain : IGrainWithStringKey
{
    public const int Size = 100;

    /// <summary>Idempotent. Interleaved: lines put while a write is in flight are stored together by the next one.</summary>
    [Alias("put"), AlwaysInterleave]
    Task PutAsync(int slot, RosterEntry entry);

    [Alias("set-status"), AlwaysInterleave]
    Task SetStatusAsync(int slot, EnrollmentStatus status);

    [Alias("get-entries"), ReadOnly]
    Task<IReadOnlyList<RosterEntry>> GetEntriesAsync();

    public static string KeyOf(string bootcampId, int page) => $"{bootcampId}/{page}";
}
