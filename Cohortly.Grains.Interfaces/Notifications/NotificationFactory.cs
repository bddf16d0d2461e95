using System.Collections.Immutable;
using System.Globalization;
using Cohortly.Events;

namespace Cohortly.Notifications;

/// <summary>Who should hear of an event, and what they read.</summary>
public sealed record Delivery(Audience? Audience, string? UserId, Notification Notification);

/// <summary>
/// Turns domain events into notifications. Shared by the inbox writers in the silo and the live bridge in
/// each front end, so what arrives live and what lands in the inbox are the same message with the same id.
/// </summary>
public static class NotificationFactory
{
    /// <summary>Null when the event is not something anyone is notified of.</summary>
    public static Delivery? For(DomainEvent domainEvent) => domainEvent switch
    {
        EnrollmentConfirmed e => ToUser(e, e.UserId, NotificationKinds.EnrollmentConfirmed,
            $"You're enrolled in {e.BootcampTitle}", "Welcome aboard: your bootcamp page has the assignments and the chat room.", []),
        GradePublished e => ToUser(e, e.StudentId, NotificationKinds.GradePublished,
            "Your work was graded", $"Score: {Number(e.PublishedScore)} / {Number(e.MaxScore)}.",
            [("assignmentId", e.AssignmentId), ("score", Number(e.Score)), ("publishedScore", Number(e.PublishedScore)), ("maxScore", Number(e.MaxScore))]),
        ChatMentioned e => ToUser(e, e.UserId, NotificationKinds.ChatMention,
            $"{e.Message.FromDisplayName} mentioned you", Shorten(e.Message.Text), [("messageId", e.Message.MessageId)]),
        AssignmentCreated e => ToAudience(e, Audience.Students, NotificationKinds.AssignmentCreated,
            $"New assignment: {e.Title}", $"Due {e.DueAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.",
            [("assignmentId", e.AssignmentId), ("dueAt", e.DueAt.ToString("O", CultureInfo.InvariantCulture))]),
        BootcampUpdated e => ToAudience(e, Audience.Members, NotificationKinds.BootcampUpdated,
            $"{e.Title} was updated", "The bootcamp's details changed; have a look.", []),
        SubmissionCreated e => ToAudience(e, Audience.Staff, NotificationKinds.SubmissionCreated,
            $"{e.StudentName} submitted work", e.Late ? $"Version {e.Version}, late." : $"Version {e.Version}.",
            [("assignmentId", e.AssignmentId), ("studentId", e.StudentId), ("version", e.Version.ToString(CultureInfo.InvariantCulture)), ("late", e.Late ? "true" : "false")]),
        AnnouncementMade e => ToAudience(e, Audience.Members, NotificationKinds.Announcement, e.Title, e.Body, [("authorName", e.AuthorName)]),
        MentorAvailabilityChanged { Available: true } e => ToAudience(e, Audience.Students, NotificationKinds.MentorAvailable,
            $"{e.MentorName} is available", e.Until is { } until ? $"Until {until.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC." : "Reach out now.",
            [("mentorId", e.MentorId)]),
        _ => null,
    };

    private static Delivery ToUser(DomainEvent e, string userId, string kind, string title, string body, (string Key, string Value)[] data) =>
        new(null, userId, Build(e, kind, title, body, data));

    private static Delivery ToAudience(DomainEvent e, Audience audience, string kind, string title, string body, (string Key, string Value)[] data) =>
        new(audience, null, Build(e, kind, title, body, data));

    private static Notification Build(DomainEvent e, string kind, string title, string body, (string Key, string Value)[] data) =>
        new(e.EventId, kind, title, body, string.IsNullOrEmpty(e.BootcampId) ? null : e.BootcampId, e.OccurredAt,
            data.ToImmutableDictionary(pair => pair.Key, pair => pair.Value), Read: false);

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 140 ? text : text[..139] + "…";
}
