using Cohortly.Events;

namespace Cohortly.Assignments;

[GenerateSerializer, Immutable, Alias("cohortly.events.assignment-created")]
public sealed record AssignmentCreated(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string AssignmentId,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset DueAt) : DomainEvent(EventId, OccurredAt, BootcampId);

[GenerateSerializer, Immutable, Alias("cohortly.events.submission-created")]
public sealed record SubmissionCreated(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string AssignmentId,
    [property: Id(1)] string StudentId,
    [property: Id(2)] string StudentName,
    [property: Id(3)] int Version,
    [property: Id(4)] bool Late) : DomainEvent(EventId, OccurredAt, BootcampId);

[GenerateSerializer, Immutable, Alias("cohortly.events.grade-published")]
public sealed record GradePublished(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string AssignmentId,
    [property: Id(1)] string StudentId,
    [property: Id(2)] decimal Score,
    [property: Id(3)] decimal PublishedScore,
    [property: Id(4)] decimal MaxScore) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => StudentId;
}

[GenerateSerializer, Immutable, Alias("cohortly.events.extension-granted")]
public sealed record ExtensionGranted(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string AssignmentId,
    [property: Id(1)] string StudentId,
    [property: Id(2)] DateTimeOffset DueAt) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => StudentId;
}
