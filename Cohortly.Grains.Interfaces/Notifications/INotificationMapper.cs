using Cohortly.Events;

namespace Cohortly.Notifications;

/// <summary>
/// One feature's rule for which of its events notify whom. Each feature has one (<c>BootcampNotifications</c>,
/// <c>AssignmentNotifications</c>, …) and <see cref="NotificationMappers"/> finds them all, so a new feature adds a
/// mapper beside its events instead of editing a central switch.
/// </summary>
public interface INotificationMapper
{
    /// <summary>Null when the event is not this feature's or notifies no one.</summary>
    Delivery? Map(DomainEvent domainEvent);
}
