using Cohortly.Events;
using Cohortly.Frontend.Notifications;
using Cohortly.LiveClasses;

namespace Cohortly.Frontend.LiveClasses;

/// <summary>Who came into or left a session's room, and who checked in, to the connections in that room.</summary>
public sealed class LiveClassesLiveRoute : ILiveRoute
{
    public static string Room(string sessionId) => $"session:{sessionId}:room";

    public Push? Route(DomainEvent domainEvent) => domainEvent switch
    {
        SessionPresenceChanged e => new Push(Room(e.SessionId), "sessionPresence", new SessionPresenceMessage(e.SessionId, e.UserId, e.DisplayName, e.Present, e.OccurredAt)),
        SessionCheckedIn e => new Push(Room(e.SessionId), "sessionCheckin", new SessionCheckInMessage(e.SessionId, e.UserId, e.DisplayName, e.OccurredAt)),
        _ => null,
    };
}
