using System.Collections.Immutable;
using Cohortly.Events;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

/// <summary>
/// One activation per silo, reentrant so that concurrent inbox reads share the one feed read in flight instead of
/// queueing behind it.
/// </summary>
[StatelessWorker(1), Reentrant]
[GrainType("everyonefeedreader")]
public sealed class EveryoneFeedReaderGrain(TimeProvider time) : Grain, IEveryoneFeedReaderGrain
{
    private Task<ImmutableArray<FeedEntry>>? _copy;
    private DateTimeOffset _copiedAt;

    public async Task<ImmutableArray<FeedEntry>> ReadAsync(DateTimeOffset since)
    {
        var now = time.GetUtcNow();
        if (_copy is null || _copy.IsFaulted || now - _copiedAt >= IEveryoneFeedReaderGrain.Freshness)
        {
            // Everything from the feed: each inbox then keeps what is newer than its own user's registration.
            _copy = GrainFactory.GetGrain<IEveryoneFeedGrain>(EventStreams.EveryoneKey).ReadAsync([Audience.Members], DateTimeOffset.MinValue);
            _copiedAt = now;
        }
        var entries = await _copy;
        return [.. entries.Where(e => e.Notification.CreatedAt >= since)];
    }
}
