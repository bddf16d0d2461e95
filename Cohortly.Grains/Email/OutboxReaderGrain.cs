using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>Merges the shards' newest-first lists into one page; a stateless worker, so listings never queue on one grain.</summary>
[StatelessWorker]
[GrainType("outboxreader")]
public sealed class OutboxReaderGrain : Grain, IOutboxReaderGrain
{
    /// <summary>Newest first; the message id breaks ties so pages never overlap.</summary>
    private static readonly IComparer<OutboxEntry> NewestFirst = Comparer<OutboxEntry>.Create((a, b) =>
    {
        var byTime = b.QueuedAt.CompareTo(a.QueuedAt);
        return byTime != 0 ? byTime : StringComparer.Ordinal.Compare(a.MessageId, b.MessageId);
    });

    public Task<PageSlice<OutboxEntry>> ListAsync(Caller caller, OutboxStatus? status, int page, int pageSize)
    {
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins can see the outbox.");
        }
        return ShardPages.MergeAsync(IOutboxShardGrain.Count, page, pageSize, int.MaxValue, NewestFirst,
            (shard, take) => GrainFactory.GetGrain<IOutboxShardGrain>(shard).ListAsync(status, take));
    }
}
