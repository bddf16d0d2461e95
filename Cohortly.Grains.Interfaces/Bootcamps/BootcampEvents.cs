using Cohortly.Events;

namespace Cohortly.Bootcamps;

[GenerateSerializer, Immutable, Alias("cohortly.events.bootcamp-created")]
public sealed record BootcampCreated(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string Title,
    [property: Id(1)] string CreatedBy) : DomainEvent(EventId, OccurredAt, BootcampId);

[GenerateSerializer, Immutable, Alias("cohortly.events.bootcamp-updated")]
public sealed record BootcampUpdated(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string Title,
    [property: Id(1)] string UpdatedBy) : DomainEvent(EventId, OccurredAt, BootcampId);

[GenerateSerializer, Immutable, Alias("cohortly.events.staff-assigned")]
public sealed record StaffAssigned(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string UserId,
    [property: Id(1)] string Role) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

[GenerateSerializer, Immutable, Alias("cohortly.events.staff-removed")]
public sealed record StaffRemoved(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string UserId,
    [property: Id(1)] string Role,
    [property: Id(2)] string RemovedBy) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

[GenerateSerializer, Immutable, Alias("cohortly.events.enrollment-confirmed")]
public sealed record EnrollmentConfirmed(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string UserId,
    [property: Id(1)] string BootcampTitle) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

[GenerateSerializer, Immutable, Alias("cohortly.events.enrollment-withdrawn")]
public sealed record EnrollmentWithdrawn(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string UserId,
    [property: Id(1)] string WithdrawnBy) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

/// <summary>The first hold on an active enrollment: the student keeps their seat but not access to the content.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.enrollment-suspended")]
public sealed record EnrollmentSuspended(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string UserId,
    [property: Id(1)] string Reason) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

/// <summary>The last hold was lifted: access is back.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.enrollment-resumed")]
public sealed record EnrollmentResumed(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string UserId) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}
