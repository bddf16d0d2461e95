using Cohortly.Events;

namespace Cohortly.Certificates;

/// <summary>A certificate issued; <see cref="Replaces"/> names the one it superseded when it is a name correction.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.certificate-issued")]
public sealed record CertificateIssued(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string CertificateId,
    [property: Id(1)] string StudentId,
    [property: Id(2)] string BootcampTitle,
    [property: Id(3)] string? Replaces = null) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => StudentId;
}

/// <summary>An admin revoked a certificate: its verification now says so, and its student is told why.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.certificate-revoked")]
public sealed record CertificateRevoked(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string CertificateId,
    [property: Id(1)] string StudentId,
    [property: Id(2)] string BootcampTitle,
    [property: Id(3)] string Reason) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => StudentId;
}
