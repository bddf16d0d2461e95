using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

/// <summary>Admins' announcements to everyone; keyed <see cref="Events.EventStreams.EveryoneKey"/>.</summary>
[Alias("cohortly.notifications.everyone-feed")]
public interface IEveryoneFeedGrain : INotificationFeedGrain
{
    public const string FeedKey = "everyone";
}
