using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

/// <summary>
/// A bootcamp's (or everyone's) recent audience-wide notifications, written once per event. Inboxes read it when
/// they are listed instead of each member's inbox being written, so an announcement to 1,000 members is one
/// storage write, not 1,000.
/// </summary>
public interface INotificationFeedGrain : IGrainWithStringKey
{
    /// <summary>How many entries a feed keeps; older ones fall off, as in an inbox.</summary>
    public const int Capacity = INotificationInboxGrain.Capacity;

    /// <summary>The entries for any of the audiences created at or after <paramref name="since"/>, oldest first.</summary>
    [Alias("read"), ReadOnly]
    Task<ImmutableArray<FeedEntry>> ReadAsync(ImmutableArray<Audience> audiences, DateTimeOffset since);
}
