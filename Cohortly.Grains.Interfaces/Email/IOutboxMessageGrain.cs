using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>
/// One outgoing email, keyed by its message id, which <see cref="KeyOf"/> derives from the idempotency key
/// ("weekly-report/{user}/{bootcamp}/{week}"), so the same key always lands on the same grain: persisted before
/// <see cref="EnqueueAsync"/> returns, sent with retries and backoff, never sent again once sent.
/// </summary>
[Alias("cohortly.email.outbox-message")]
public interface IOutboxMessageGrain : IGrainWithStringKey
{
    /// <summary>Stores the email unless this key was already enqueued (the first one wins); returns its entry.</summary>
    [Alias("enqueue")]
    Task<OutboxEntry> EnqueueAsync(OutgoingEmail email);

    /// <summary>Attempts a send now if one is due; called by its shard's reminder after a restart.</summary>
    [Alias("wake")]
    Task WakeAsync();

    /// <summary>Admin: a failed email starts over with a fresh count of attempts.</summary>
    [Alias("retry")]
    Task<OutboxEntry?> RetryAsync(Caller caller);

    [Alias("get"), ReadOnly]
    Task<OutboxEntry?> GetAsync();

    /// <summary>The message id for an idempotency key: a hash, so ids in mail headers and listings reveal nothing.</summary>
    public static string KeyOf(string idempotencyKey) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(idempotencyKey)))[..32];
}
