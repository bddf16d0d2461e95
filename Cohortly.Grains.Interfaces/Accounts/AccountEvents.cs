using System.Collections.Immutable;
using Cohortly.Events;

namespace Cohortly.Accounts;

/// <summary>
/// Sessions of a user ended (logout, password reset or change, a reused refresh token). Carried on the user's stream
/// alone, so every front end holding one of their live connections closes those whose session is not among
/// <see cref="OpenSessionIds"/>, at once rather than at their next call.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.sessions-ended")]
public sealed record SessionsEnded(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string UserId,
    [property: Id(1)] ImmutableArray<string> OpenSessionIds) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}

/// <summary>A user's global roles changed: their live connections keep only the rooms the new roles allow.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.roles-changed")]
public sealed record RolesChanged(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] ImmutableArray<string> Roles) : DomainEvent(EventId, OccurredAt, BootcampId)
{
    public override string? SubjectUserId => UserId;
}
