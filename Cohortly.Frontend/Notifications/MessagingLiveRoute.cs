using Cohortly.Events;
using Cohortly.Notifications;

namespace Cohortly.Frontend.Notifications;

/// <summary>Chat lines to the bootcamp's chat group; a mentor's availability to its members as a presence dot.</summary>
public sealed class MessagingLiveRoute : ILiveRoute
{
    public Push? Route(DomainEvent domainEvent) => domainEvent switch
    {
        ChatMessagePosted posted => new Push(HubGroups.Chat(posted.BootcampId), "chatMessage", ChatMessageResponse.From(posted.Message)),
        MentorAvailabilityChanged presence => new Push(HubGroups.Bootcamp(presence.BootcampId, Audience.Members),
            "presence", new PresenceMessage(presence.MentorId, "mentor", presence.Available)),
        _ => null,
    };
}
