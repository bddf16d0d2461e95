using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

/// <summary>Keyed by bootcamp id; fed by the bootcamp's stream (implicit subscription).</summary>
[Alias("cohortly.notifications.bootcamp-feed")]
public interface IBootcampFeedGrain : INotificationFeedGrain
{
    public static string FeedKey(string bootcampId) => $"bootcamp/{bootcampId}";
}
