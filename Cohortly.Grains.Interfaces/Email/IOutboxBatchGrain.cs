using System.Collections.Immutable;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>
/// Many outgoing emails stored and sent as one unit: a roster page's weekly reports. Keyed by <see cref="KeyOf"/> of
/// a batch key that a re-run derives again ("weekly-report/{bootcamp}/{week}/{page}"), and each email keeps its own
/// message id, so a repeated enqueue adds only the emails the batch does not hold yet and an email sent is never sent
/// again. Stored before <see cref="EnqueueAsync"/> returns; sent one after another over one pooled connection at a
/// time, each with its own retries and backoff, the sent marks stored in groups while the next emails go out.
/// </summary>
[Alias("cohortly.email.outbox-batch")]
public interface IOutboxBatchGrain : IGrainWithStringKey
{
    /// <summary>Stores the emails whose message id the batch does not hold yet (the first one wins) and starts sending.</summary>
    [Alias("enqueue")]
    Task EnqueueAsync(ImmutableArray<OutgoingEmail> emails);

    /// <summary>Resumes sending whatever is due; called by its shard's sweep after a restart.</summary>
    [Alias("wake")]
    Task WakeAsync();

    /// <summary>Admin: one failed email of the batch starts over with a fresh count of attempts.</summary>
    [Alias("retry")]
    Task<OutboxEntry?> RetryAsync(Caller caller, string messageId);

    [Alias("get"), ReadOnly]
    Task<OutboxEntry?> GetAsync(string messageId);

    public static string KeyOf(string batchKey) => IOutboxMessageGrain.KeyOf(batchKey);
}
