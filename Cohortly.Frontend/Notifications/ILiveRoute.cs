using Cohortly.Events;

namespace Cohortly.Frontend.Notifications;

/// <summary>
/// A feature's live message for one of its bootcamp events beyond the notification (a chat line, a presence dot).
/// Features register theirs in their Setup; the bridge asks each, so adding one does not edit the bridge.
/// </summary>
public interface ILiveRoute
{
    /// <summary>Null when the event has no live message of this route's.</summary>
    Push? Route(DomainEvent domainEvent);
}
