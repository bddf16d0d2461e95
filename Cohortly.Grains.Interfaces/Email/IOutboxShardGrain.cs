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

    /// <summary>The entries with this status (all when null), newest first, at most <paramref name="max"/>, and how many match.</summary>
    [Alias("list"), ReadOnly]
    Task<PageSlice<OutboxEntry>> ListAsync(OutboxStatus? status, int max);

    /// <summary>Arms the shard's reminder; called once at silo start so queued mail resumes after a restart.</summary>
    [Alias("ensure-sweeping")]
    Task EnsureSweepingAsync();

    /// <summary>Message ids are already hashes: their first two hex digits pick the shard.</summary>
    public static int ShardOf(string messageId) => Convert.ToInt32(messageId[..2], 16) % Count;
}
