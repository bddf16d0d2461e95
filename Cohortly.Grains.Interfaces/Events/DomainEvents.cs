namespace Cohortly.Events;

/// <summary>Stream provider and namespaces: one stream per audience (a bootcamp, a user, everyone).</summary>
public static class EventStreams
{
    public const string Provider = "events";
    public const string Bootcamp = "bootcamp";
    public const string User = "user";
    public const string Everyone = "everyone";

    /// <summary>The one key of the everyone stream.</summary>
    public const string EveryoneKey = "all";

    /// <summary>Grain storage that remembers who subscribes to which stream.</summary>
    public const string PubSubStore = "PubSubStore";
}

/// <summary>
/// Something that happened in the domain. Delivery may repeat (streams are at-least-once), so consumers
/// deduplicate by <see cref="EventId"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.domain-event")]
public abstract record DomainEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] string BootcampId)
{
    /// <summary>The user the event is about, whose own stream also carries it; null for bootcamp-wide events.</summary>
    public virtual string? SubjectUserId => null;
}

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

/// <summary>An announcement to one bootcamp, or to everyone when <see cref="DomainEvent.BootcampId"/> is empty.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.announcement-made")]
public sealed record AnnouncementMade(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string Title,
    [property: Id(1)] string Body,
    [property: Id(2)] string AuthorId,
    [property: Id(3)] string AuthorName) : DomainEvent(EventId, OccurredAt, BootcampId);

[GenerateSerializer, Immutable, Alias("cohortly.events.chat-message-posted")]
public sealed record ChatMessagePosted(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] Notifications.ChatMessage Message) : DomainEvent(EventId, OccurredAt, BootcampId);

[GenerateSerializer, Immutable, Alias("cohortly.events.chat-mentioned")]
public sealed record ChatMentioned(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string UserId,
    [property: Id(1)] Notifications.ChatMessage Message) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

[GenerateSerializer, Immutable, Alias("cohortly.events.mentor-availability-changed")]
public sealed record MentorAvailabilityChanged(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string MentorId,
    [property: Id(1)] string MentorName,
    [property: Id(2)] bool Available,
    [property: Id(3)] DateTimeOffset? Until) : DomainEvent(EventId, OccurredAt, BootcampId);
