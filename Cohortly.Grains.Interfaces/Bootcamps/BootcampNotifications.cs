using Cohortly.Events;
using Cohortly.Notifications;

namespace Cohortly.Bootcamps;

/// <summary>Enrollment confirmations to the student; changes to every member.</summary>
public sealed class BootcampNotifications : INotificationMapper
{
    public Delivery? Map(DomainEvent domainEvent) => domainEvent switch
    {
        EnrollmentConfirmed e => NotificationMappers.ToUser(e, e.UserId, NotificationKinds.EnrollmentConfirmed,
            $"You're enrolled in {e.BootcampTitle}", "Welcome aboard: your bootcamp page has the assignments and the chat room."),
        // The reason is written by whoever placed the hold, in words that name the bootcamp and what to do.
        EnrollmentSuspended e => NotificationMappers.ToUser(e, e.UserId, NotificationKinds.EnrollmentSuspended,
            "Your access to a bootcamp is paused", e.Reason),
        EnrollmentResumed e => NotificationMappers.ToUser(e, e.UserId, NotificationKinds.EnrollmentResumed,
            "Your access is back", "Everything in the bootcamp is open to you again."),
        BootcampUpdated e => NotificationMappers.ToAudience(e, Audience.Members, NotificationKinds.BootcampUpdated,
            $"{e.Title} was updated", "The bootcamp's details changed; have a look."),
        _ => null,
    };
}
