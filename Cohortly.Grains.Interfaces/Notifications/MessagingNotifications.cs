using System.Globalization;
using Cohortly.Events;
using static Cohortly.Notifications.NotificationMappers;

namespace Cohortly.Notifications;

/// <summary>The notifications feature's own events: announcements, chat mentions, mentors becoming available.</summary>
public sealed class MessagingNotifications : INotificationMapper
{
    public Delivery? Map(DomainEvent domainEvent) => domainEvent switch
    {
        ChatMentioned e => ToUser(e, e.UserId, NotificationKinds.ChatMention,
            $"{e.Message.FromDisplayName} mentioned you", Shorten(e.Message.Text), ("messageId", e.Message.MessageId)),
        AnnouncementMade e => ToAudience(e, Audience.Members, NotificationKinds.Announcement, e.Title, e.Body, ("authorName", e.AuthorName)),
        MentorAvailabilityChanged { Available: true } e => ToAudience(e, Audience.Students, NotificationKinds.MentorAvailable,
            $"{e.MentorName} is available", e.Until is { } until ? $"Until {until.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC." : "Reach out now.",
            ("mentorId", e.MentorId)),
        _ => null,
    };

    private static string Shorten(string text) => text.Length <= 140 ? text : text[..139] + "…";
}
