using Cohortly.Events;

namespace Cohortly.Notifications;

/// <summary>An announcement to one bootcamp, or to everyone when <see cref="DomainEvent.BootcampId"/> is empty.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.announcement-made")]
public sealed record AnnouncementMade(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string Title,
    [property: Id(1)] string Body,
    [property: Id(2)] string AuthorId,
    [property: Id(3)] string AuthorName) : DomainEvent(EventId, OccurredAt, BootcampId);

[GenerateSerializer, Immutable, Alias("cohortly.events.chat-message-posted")]
public sealed record ChatMessagePosted(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] ChatMessage Message) : DomainEvent(EventId, OccurredAt, BootcampId);

[GenerateSerializer, Immutable, Alias("cohortly.events.chat-mentioned")]
public sealed record ChatMentioned(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string UserId,
    [property: Id(1)] ChatMessage Message) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

[GenerateSerializer, Immutable, Alias("cohortly.events.mentor-availability-changed")]
public sealed record MentorAvailabilityChanged(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string MentorId,
    [property: Id(1)] string MentorName,
    [property: Id(2)] bool Available,
    [property: Id(3)] DateTimeOffset? Until) : DomainEvent(EventId, OccurredAt, BootcampId);
