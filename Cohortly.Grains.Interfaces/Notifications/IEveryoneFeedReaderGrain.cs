using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

/// <summary>
/// The everyone feed as each inbox read sees it: a stateless worker per silo that reads the one everyone-feed grain
/// at most once per <see cref="Freshness"/> and answers every inbox from that copy, so a burst of inbox reads
/// across all users is not a burst of calls to one grain. Key 0.
/// </summary>
[Alias("cohortly.notifications.everyone-feed-reader")]
public interface IEveryoneFeedReaderGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>How old the copy may be: an announcement to everyone reaches inboxes at most this much later than the feed.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);

    /// <summary>The members' entries created at or after <paramref name="since"/>, oldest first.</summary>
    [Alias("read"), ReadOnly]
    Task<ImmutableArray<FeedEntry>> ReadAsync(DateTimeOffset since);
}
