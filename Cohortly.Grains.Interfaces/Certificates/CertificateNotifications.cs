using Cohortly.Events;
using Cohortly.Notifications;
using static Cohortly.Notifications.NotificationMappers;

namespace Cohortly.Certificates;

/// <summary>A new certificate, or a corrected one, to its student.</summary>
public sealed class CertificateNotifications : INotificationMapper
{
    public Delivery? Map(DomainEvent domainEvent) => domainEvent switch
    {
        // A correction is not a second certificate earned: say what changed, or the student wonders why there are two.
        CertificateIssued { Replaces: { } replaced } e => ToUser(e, e.StudentId, NotificationKinds.CertificateIssued,
            "Your corrected certificate is ready", $"Your certificate for {e.BootcampTitle} was re-issued with your name corrected; the earlier one now shows as replaced.",
            ("certificateId", e.CertificateId), ("replaces", replaced)),
        CertificateIssued e => ToUser(e, e.StudentId, NotificationKinds.CertificateIssued,
            "Your certificate is ready", $"You earned the certificate for {e.BootcampTitle}.",
            ("certificateId", e.CertificateId)),
        CertificateRevoked e => ToUser(e, e.StudentId, NotificationKinds.CertificateRevoked,
            "Your certificate was revoked", $"Your certificate for {e.BootcampTitle} was revoked: {e.Reason} Anyone who verifies it now sees that it is revoked.",
            ("certificateId", e.CertificateId)),
        _ => null,
    };
}
