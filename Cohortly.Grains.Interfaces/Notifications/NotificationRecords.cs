using System.Collections.Immutable;

namespace Cohortly.Notifications;

/// <summary>The <c>kind</c> values of API.md.</summary>
public static class NotificationKinds
{
    public const string SubmissionCreated = "submission.created";
    public const string GradePublished = "grade.published";
    public const string AssignmentCreated = "assignment.created";
    public const string BootcampUpdated = "bootcamp.updated";
    public const string Announcement = "announcement";
    public const string EnrollmentConfirmed = "enrollment.confirmed";
    public const string EnrollmentSuspended = "enrollment.suspended";
    public const string EnrollmentResumed = "enrollment.resumed";
    public const string MentorAvailable = "mentor.available";
    public const string ChatMention = "chat.mention";
    public const string PaymentSucceeded = "payment.succeeded";
    public const string PaymentFailed = "payment.failed";
    public const string PaymentRefunded = "payment.refunded";
    public const string CertificateIssued = "certificate.issued";
    public const string CertificateRevoked = "certificate.revoked";
    public const string SessionScheduled = "session.scheduled";
    public const string SessionChanged = "session.changed";
    public const string SessionCancelled = "session.cancelled";
    public const string SessionStartingSoon = "session.starting";
}

/// <summary>
/// One entry of a user's inbox, and the payload of the live <c>notification</c> message. Its id is the id of
/// the event it came from, so the inbox and the live feed agree and a redelivered event is stored once.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.notifications.notification")]
public sealed record Notification(
    [property: Id(0)] string NotificationId,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Title,
    [property: Id(3)] string Body,
    [property: Id(4)] string? BootcampId,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] ImmutableDictionary<string, string> Data,
    [property: Id(7)] bool Read);

[GenerateSerializer, Immutable, Alias("cohortly.notifications.inbox-page")]
public sealed record InboxPage(
    [property: Id(0)] ImmutableArray<Notification> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] int Unread);

/// <summary>One audience-wide notification in a feed, numbered in the order the feed received it.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.notifications.feed-entry")]
public sealed record FeedEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Audience Audience,
    [property: Id(2)] Notification Notification);

/// <summary>Who in a bootcamp an event is meant for.</summary>
public enum Audience
{
    Members = 0,
    Students = 1,
    Staff = 2,
    Instructors = 3,
}

public static class Audiences
{
    /// <summary>The audiences a member of the given role belongs to.</summary>
    public static ImmutableArray<Audience> Of(Bootcamps.MemberRole role) => role switch
    {
        Bootcamps.MemberRole.Student => [Audience.Members, Audience.Students],
        Bootcamps.MemberRole.Mentor => [Audience.Members, Audience.Staff],
        Bootcamps.MemberRole.Instructor => [Audience.Members, Audience.Staff, Audience.Instructors],
        _ => [],
    };
}

[GenerateSerializer, Immutable, Alias("cohortly.notifications.chat-message")]
public sealed record ChatMessage(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string BootcampId,
    [property: Id(2)] string FromUserId,
    [property: Id(3)] string FromDisplayName,
    [property: Id(4)] string Text,
    [property: Id(5)] DateTimeOffset SentAt,
    [property: Id(6)] long Sequence);

[GenerateSerializer, Immutable, Alias("cohortly.notifications.mentor-availability-record")]
public sealed record MentorAvailability(
    [property: Id(0)] string MentorId,
    [property: Id(1)] bool Available,
    [property: Id(2)] DateTimeOffset? Until);

/// <summary>One mentor of a bootcamp as its members see them: availability with an end in the past already reads as unavailable.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.notifications.mentor-presence")]
public sealed record MentorPresence(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] bool Available,
    [property: Id(3)] DateTimeOffset? Until);
