using System.Globalization;
using Cohortly.Events;
using Cohortly.Notifications;
using static Cohortly.Notifications.NotificationMappers;

namespace Cohortly.LiveClasses;

/// <summary>Every schedule change and the 15-minute reminder to the bootcamp's members, with the start in the class's own zone.</summary>
public sealed class LiveClassNotifications : INotificationMapper
{
    public Delivery? Map(DomainEvent domainEvent) => domainEvent switch
    {
        SessionScheduled e => ToAudience(e, Audience.Members, NotificationKinds.SessionScheduled,
            $"Live class scheduled: {e.Details.Title}", When(e.Details), Data(e.SessionId, e.Details)),
        SessionChanged e => ToAudience(e, Audience.Members, NotificationKinds.SessionChanged,
            $"Live class changed: {e.Details.Title}", e.Details.StartsAt == e.Before.StartsAt && e.Details.DurationMinutes == e.Before.DurationMinutes
                ? $"Still {When(e.Details)}" : $"Now {When(e.Details)} (was {When(e.Before)})",
            Data(e.SessionId, e.Details)),
        SessionCancelled e => ToAudience(e, Audience.Members, NotificationKinds.SessionCancelled,
            $"Live class cancelled: {e.Details.Title}", $"The class of {When(e.Details)} will not take place.", Data(e.SessionId, e.Details)),
        SessionStartingSoon e => ToAudience(e, Audience.Members, NotificationKinds.SessionStartingSoon,
            $"Starts in 15 minutes: {e.Details.Title}", $"Join the live class at {When(e.Details)}.", Data(e.SessionId, e.Details)),
        _ => null,
    };

    /// <summary>"Mon 2027-03-01 09:00 Europe/Berlin, 90 min": the class's zone, which is what its instructor said.</summary>
    public static string When(SessionDetails details)
    {
        var local = LiveClassRules.FindZone(details.TimeZone) is { } zone ? TimeZoneInfo.ConvertTime(details.StartsAt, zone) : details.StartsAt;
        return $"{local.ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {details.TimeZone}, {details.DurationMinutes} min";
    }

    private static (string, string)[] Data(string sessionId, SessionDetails details) =>
        [("sessionId", sessionId), ("startsAt", details.StartsAt.ToString("O", CultureInfo.InvariantCulture))];
}
