using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>Merges the shards' newest-first lists into one page; a stateless worker, so listings never queue on one grain.</summary>
[StatelessWorker]
[GrainType("outboxreader")]
public sealed class OutboxReaderGrain : Grain, IOutboxReaderGrain
{
    public async Task<PageSlice<OutboxEntry>> ListAsync(Caller caller, OutboxStatus? status, int page, int pageSize)
    {
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins can see the outbox.");
        }
        // Each shard gives at most the first page*pageSize of its own entries: the merged page can only come from those.
        var needed = page * pageSize;
        var shards = await Task.WhenAll(Enumerable.Range(0, IOutboxShardGrain.Count)
            .Select(shard => GrainFactory.GetGrain<IOutboxShardGrain>(shard).ListAsync(status, needed)));
        var items = shards.SelectMany(s => s.Items)
            .OrderByDescending(e => e.QueuedAt).ThenBy(e => e.MessageId, StringComparer.Ordinal)
            .Skip((page - 1) * pageSize).Take(pageSize);
        return new PageSlice<OutboxEntry>([.. items], shards.Sum(s => s.Total));
    }
}
