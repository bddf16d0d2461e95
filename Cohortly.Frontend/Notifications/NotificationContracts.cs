using System.ComponentModel.DataAnnotations;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Notifications;
using Cohortly.Payments;

namespace Cohortly.Frontend.Notifications;

public sealed record NotificationResponse(
    string NotificationId,
    [property: EnumValues(
        NotificationKinds.SubmissionCreated, NotificationKinds.GradePublished, NotificationKinds.AssignmentCreated, NotificationKinds.BootcampUpdated,
        NotificationKinds.Announcement, NotificationKinds.EnrollmentConfirmed,
        NotificationKinds.EnrollmentSuspended, NotificationKinds.EnrollmentResumed, NotificationKinds.MentorAvailable, NotificationKinds.ChatMention,
        NotificationKinds.PaymentSucceeded, NotificationKinds.PaymentFailed, NotificationKinds.PaymentRefunded,
        NotificationKinds.CertificateIssued, NotificationKinds.CertificateRevoked,
        NotificationKinds.SessionScheduled, NotificationKinds.SessionChanged, NotificationKinds.SessionCancelled, NotificationKinds.SessionStartingSoon,
        SubscriptionNotifications.Activated, SubscriptionNotifications.Renewed, SubscriptionNotifications.PaymentFailed,
        SubscriptionNotifications.RenewalChanged, SubscriptionNotifications.Lapsed)]
    string Kind,
    string Title,
    string Body,
    string? BootcampId,
    DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string> Data,
    bool Read)
{
    public static NotificationResponse From(Notification n) => new(n.NotificationId, n.Kind, n.Title, n.Body, n.BootcampId, n.CreatedAt, n.Data, n.Read);
}

public sealed record InboxResponse(IReadOnlyList<NotificationResponse> Items, int Page, int PageSize, long Total, int Unread);

public sealed record ChatMessageResponse(string MessageId, string BootcampId, string FromUserId, string FromDisplayName, string Text, DateTimeOffset SentAt, long Sequence)
{
    public static ChatMessageResponse From(ChatMessage m) => new(m.MessageId, m.BootcampId, m.FromUserId, m.FromDisplayName, m.Text, m.SentAt, m.Sequence);
}

public sealed record ChatMessageRequest([property: Required] string? Text);

public sealed record ChatHistoryResponse(IReadOnlyList<ChatMessageResponse> Items);

public sealed record PresenceMessage(string UserId, string Kind, bool Available);

public sealed record AnnouncementRequest([property: Required] string? Title, [property: Required] string? Body, string? BootcampId);

public sealed record AvailabilityRequest([property: Required] bool? Available, DateTimeOffset? Until);

/// <summary>The caller's latest notifications (unread first is the page's job) and how many are unread.</summary>
public sealed record InboxCard(int Unread, IReadOnlyList<NotificationResponse> Latest);

/// <summary>A mentor's own availability as the grain that stores it says (the GET route and the mentor's home card).</summary>
public sealed record AvailabilityResponse(bool Available, DateTimeOffset? Until)
{
    public static AvailabilityResponse From(MentorAvailability a) => new(a.Available, a.Until);
}

public sealed record MentorPresenceResponse(string UserId, string DisplayName, bool Available, DateTimeOffset? Until)
{
    public static MentorPresenceResponse From(MentorPresence p) => new(p.UserId, p.DisplayName, p.Available, p.Until);
}
