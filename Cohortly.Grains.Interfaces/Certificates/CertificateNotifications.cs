using Cohortly.Events;
using Cohortly.Notifications;
using static Cohortly.Notifications.NotificationMappers;

namespace Cohortly.Certificates;

/// <summary>A new certificate to its student.</summary>
public sealed class CertificateNotifications : INotificationMapper
{
    public Delivery? Map(DomainEvent domainEvent) => domainEvent switch
    {
        CertificateIssued e => ToUser(e, e.StudentId, NotificationKinds.CertificateIssued,
            "Your certificate is ready", $"You earned the certificate for {e.BootcampTitle}.",
            ("certificateId", e.CertificateId)),
        _ => null,
    };
}
