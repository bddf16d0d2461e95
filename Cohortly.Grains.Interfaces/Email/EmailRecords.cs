using System.Collections.Immutable;

namespace Cohortly.Email;

/// <summary>What a user agreed to receive. Essential mail (password reset, welcome, enrollment, certificate) ignores these.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.email.preferences-record")]
public sealed record EmailPreferences(
    [property: Id(0)] bool WeeklyReport,
    [property: Id(1)] bool AssignmentNotices,
    [property: Id(2)] bool Marketing)
{
    /// <summary>Study mail on, marketing off until the user opts in.</summary>
    public static EmailPreferences Default { get; } = new(true, true, false);

    public bool Allows(EmailCategory category) => category switch
    {
        EmailCategory.WeeklyReport => WeeklyReport,
        EmailCategory.AssignmentNotices => AssignmentNotices,
        EmailCategory.Marketing => Marketing,
        _ => true,
    };

    public EmailPreferences Without(EmailCategory category) => category switch
    {
        EmailCategory.WeeklyReport => this with { WeeklyReport = false },
        EmailCategory.AssignmentNotices => this with { AssignmentNotices = false },
        EmailCategory.Marketing => this with { Marketing = false },
        _ => this,
    };
}

/// <summary>Which preference an email falls under; <see cref="Essential"/> is always sent and has no unsubscribe link.</summary>
public enum EmailCategory
{
    Essential = 0,
    WeeklyReport = 1,
    AssignmentNotices = 2,
    Marketing = 3,
}

public enum OutboxStatus
{
    Queued = 0,
    Sent = 1,
    Failed = 2,
}

[GenerateSerializer, Immutable, Alias("cohortly.email.attachment")]
public sealed record EmailAttachment(
    [property: Id(0)] string FileName,
    [property: Id(1)] string ContentType,
    [property: Id(2)] byte[] Content,
    [property: Id(3)] string? ContentId);

/// <summary>A rendered email, ready for any transport. Its <see cref="MessageId"/> is stable across retries.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.email.outgoing-email")]
public sealed record OutgoingEmail(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string To,
    [property: Id(2)] string Template,
    [property: Id(3)] string Subject,
    [property: Id(4)] string Html,
    [property: Id(5)] string Text,
    [property: Id(6)] ImmutableArray<EmailAttachment> Attachments,
    [property: Id(7)] string? UnsubscribeUrl);

/// <summary>
/// One row of the admin's outbox listing. <see cref="BatchId"/> names the <see cref="IOutboxBatchGrain"/> that holds the
/// email when it was stored as part of a batch (a roster page's weekly reports); null for an email of its own.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.email.outbox-entry")]
public sealed record OutboxEntry(
    [property: Id(0)] string MessageId,
    [property: Id(1)] string To,
    [property: Id(2)] string Template,
    [property: Id(3)] OutboxStatus Status,
    [property: Id(4)] int Attempts,
    [property: Id(5)] string? LastError,
    [property: Id(6)] DateTimeOffset QueuedAt,
    [property: Id(7)] DateTimeOffset? NextAttemptAt,
    [property: Id(8)] string? BatchId = null);

/// <summary>One student's week in one bootcamp, for the weekly report.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.email.weekly-report-request")]
public sealed record WeeklyReportRequest(
    [property: Id(0)] string UserId,
    [property: Id(1)] string BootcampId,
    [property: Id(2)] string BootcampTitle,
    [property: Id(3)] string IsoWeek,
    [property: Id(4)] Assignments.Progress Progress,
    [property: Id(5)] ImmutableArray<UpcomingDeadline> Upcoming);

[GenerateSerializer, Immutable, Alias("cohortly.email.upcoming-deadline")]
public sealed record UpcomingDeadline(
    [property: Id(0)] string AssignmentId,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset DueAt);

/// <summary>Who an email goes to, when the caller already has it (the user grain itself cannot be asked while it waits on the mailer).</summary>
[GenerateSerializer, Immutable, Alias("cohortly.email.recipient")]
public sealed record EmailRecipient(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName);

/// <summary>
/// One bootcamp's weekly run: its week, the roster pages done, whether it finished, and whether its last attempt stopped
/// on a failure (its reminder resumes it from <see cref="PagesDone"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.email.weekly-bootcamp-run")]
public sealed record WeeklyBootcampRun(
    [property: Id(0)] string Week,
    [property: Id(1)] int PagesDone,
    [property: Id(2)] bool Finished,
    [property: Id(3)] bool Stopped);

/// <summary>An email of an <see cref="IOutboxBatchGrain"/> and when it joined the batch.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.email.batched-email")]
public sealed record BatchedEmail(
    [property: Id(0)] OutgoingEmail Email,
    [property: Id(1)] DateTimeOffset QueuedAt);

/// <summary>Where one email of a batch stands; an email without one is queued, never attempted, due since it joined.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.email.email-delivery")]
public sealed record EmailDelivery(
    [property: Id(0)] OutboxStatus Status,
    [property: Id(1)] int Attempts,
    [property: Id(2)] string? LastError,
    [property: Id(3)] DateTimeOffset? NextAttemptAt);
