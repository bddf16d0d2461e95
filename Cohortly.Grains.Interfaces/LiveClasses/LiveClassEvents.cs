using Cohortly.Events;

namespace Cohortly.LiveClasses;

[GenerateSerializer, Immutable, Alias("cohortly.events.session-scheduled")]
public sealed record SessionScheduled(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string SessionId,
    [property: Id(1)] SessionDetails Details) : DomainEvent(EventId, OccurredAt, BootcampId);

[GenerateSerializer, Immutable, Alias("cohortly.events.session-changed")]
public sealed record SessionChanged(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string SessionId,
    [property: Id(1)] SessionDetails Details,
    [property: Id(2)] SessionDetails Before) : DomainEvent(EventId, OccurredAt, BootcampId);

[GenerateSerializer, Immutable, Alias("cohortly.events.session-cancelled")]
public sealed record SessionCancelled(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string SessionId,
    [property: Id(1)] SessionDetails Details) : DomainEvent(EventId, OccurredAt, BootcampId);

/// <summary>Raised once per start time by the session's reminder, <see cref="LiveClassRules.ReminderLead"/> before it.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.session-starting-soon")]
public sealed record SessionStartingSoon(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string SessionId,
    [property: Id(1)] SessionDetails Details) : DomainEvent(EventId, OccurredAt, BootcampId);

/// <summary>
/// Someone entered or left a session's live room (their first connection in, their last out). Live only: published
/// straight to the bootcamp's stream, not kept in an outbox, since the room's own state is the record.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.session-presence-changed")]
public sealed record SessionPresenceChanged(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string SessionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] bool Present) : DomainEvent(EventId, OccurredAt, BootcampId);

/// <summary>A student checked in with the room's code; live only, for the instructor's screen.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.session-checked-in")]
public sealed record SessionCheckedIn(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string SessionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string DisplayName) : DomainEvent(EventId, OccurredAt, BootcampId);
