using Cohortly.Events;

namespace Cohortly.Certificates;

[GenerateSerializer, Immutable, Alias("cohortly.events.certificate-issued")]
public sealed record CertificateIssued(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string CertificateId,
    [property: Id(1)] string StudentId,
    [property: Id(2)] string BootcampTitle) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => StudentId;
}
