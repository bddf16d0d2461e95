namespace Cohortly.Common;

/// <summary>
/// One client-chosen <c>Idempotency-Key</c> of one caller, keyed <c>{userId}/{key}</c>: it remembers which request
/// used the key and what it was answered, for <see cref="Lifetime"/>. A grain, not a front end's memory, so a retry
/// that lands on another front end finds the first answer.
/// </summary>
[Alias("cohortly.common.idempotency-key")]
public interface IIdempotencyKeyGrain : IGrainWithStringKey
{
    public const int MaxKeyLength = 128;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Claims the key for the request with this fingerprint, or says why not.</summary>
    [Alias("begin")]
    Task<IdempotencyClaim> BeginAsync(string requestHash);

    /// <summary>Stores the answer of the request that claimed the key.</summary>
    [Alias("complete")]
    Task CompleteAsync(string requestHash, IdempotentResponse response);

    /// <summary>The claiming request failed without an answer worth keeping: a retry runs it again.</summary>
    [Alias("abandon")]
    Task AbandonAsync(string requestHash);

    public static string KeyOf(string userId, string key) => $"{userId}/{key}";
}
