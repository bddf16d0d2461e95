using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>
/// One of <see cref="Count"/> shards of the outbox index (a message belongs to the shard of its id, itself a hash):
/// the admin listing and the restart sweep read these, never a single global list. A shard keeps its queued and
/// failed emails and only its <see cref="RecentSent"/> most recent sent ones, so its state stays small.
/// </summary>
[Alias("cohortly.email.outbox-shard")]
public interface IOutboxShardGrain : IGrainWithIntegerKey
{
    public const int Count = 64;

    public const int RecentSent = 250;

    [Alias("track")]
    Task TrackAsync(OutboxEntry entry);

    /// <summary>
    /// Lists every email of a batch (this shard being the batch's, <see cref="ShardOf"/> of its id) and, while any of
    /// them is queued, keeps the batch among those its sweep wakes. Stored before it returns when that changes, or an
    /// email failed for good; the batch's queued and sent emails are listed from memory (the batch holds their truth).
    /// </summary>
    [Alias("track-batch")]
    Task TrackBatchAsync(string batchId, System.Collections.Immutable.ImmutableArray<OutboxEntry> entries);

    /// <summary>The listing's entry for this message id, if this shard lists it.</summary>
    [Alias("find"), ReadOnly]
    Task<OutboxEntry?> FindAsync(string messageId);

    /// <summary>The entries with this status (all when null), newest first, at most <paramref name="max"/>, and how many match.</summary>
    [Alias("list"), ReadOnly]
    Task<PageSlice<OutboxEntry>> ListAsync(OutboxStatus? status, int max);

    /// <summary>Arms the shard's reminder; called once at silo start so queued mail resumes after a restart.</summary>
    [Alias("ensure-sweeping")]
    Task EnsureSweepingAsync();

    /// <summary>Message ids are already hashes: their first two hex digits pick the shard.</summary>
    public static int ShardOf(string messageId) => Convert.ToInt32(messageId[..2], 16) % Count;
}
