using System.Collections.Immutable;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>A user's email preferences. Keyed by user id.</summary>
[Alias("cohortly.email.preferences")]
public interface IEmailPreferencesGrain : IGrainWithStringKey
{
    [Alias("get"), ReadOnly]
    Task<EmailPreferences> GetAsync();

    [Alias("set")]
    Task<EmailPreferences> SetAsync(EmailPreferences preferences);

    /// <summary>The one-click unsubscribe: true when the token was minted for this user and category.</summary>
    [Alias("unsubscribe")]
    Task<bool> UnsubscribeAsync(EmailCategory category, string token);
}

/// <summary>
/// One outgoing email, keyed by its message id, which <see cref="KeyOf"/> derives from the idempotency key
/// ("weekly-report/{user}/{bootcamp}/{week}"), so the same key always lands on the same grain: persisted before
/// <see cref="EnqueueAsync"/> returns, sent with retries and backoff, never sent again once sent.
/// </summary>
[Alias("cohortly.email.outbox-message")]
public interface IOutboxMessageGrain : IGrainWithStringKey
{
    /// <summary>Stores the email unless this key was already enqueued (the first one wins); returns its entry.</summary>
    [Alias("enqueue")]
    Task<OutboxEntry> EnqueueAsync(OutgoingEmail email);

    /// <summary>Attempts a send now if one is due; called by its shard's reminder after a restart.</summary>
    [Alias("wake")]
    Task WakeAsync();

    /// <summary>Admin: a failed email starts over with a fresh count of attempts.</summary>
    [Alias("retry")]
    Task<OutboxEntry?> RetryAsync();

    [Alias("get"), ReadOnly]
    Task<OutboxEntry?> GetAsync();

    /// <summary>The message id for an idempotency key: a hash, so ids in mail headers and listings reveal nothing.</summary>
    public static string KeyOf(string idempotencyKey) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(idempotencyKey)))[..32];
}

/// <summary>
/// One of <see cref="Count"/> shards of the outbox index (a message belongs to the shard of its id, itself a hash):
/// the admin listing and the restart sweep read these, never a single global list. A shard keeps its queued and
/// failed emails and only its <see cref="RecentSent"/> most recent sent ones, so its state stays small.
/// </summary>
[Alias("cohortly.email.outbox-shard")]
public interface IOutboxShardGrain : IGrainWithIntegerKey
{
    public const int Count = 64;

    public const int RecentSent = 250;

    [Alias("track")]
    Task TrackAsync(OutboxEntry entry);

    /// <summary>The entries with this status (all when null), newest first, at most <paramref name="max"/>, and how many match.</summary>
    [Alias("list"), ReadOnly]
    Task<PageSlice<OutboxEntry>> ListAsync(OutboxStatus? status, int max);

    /// <summary>Arms the shard's reminder; called once at silo start so queued mail resumes after a restart.</summary>
    [Alias("ensure-sweeping")]
    Task EnsureSweepingAsync();

    /// <summary>Message ids are already hashes: their first two hex digits pick the shard.</summary>
    public static int ShardOf(string messageId) => Convert.ToInt32(messageId[..2], 16) % Count;
}

/// <summary>Reads the outbox across its shards for the admin listing.</summary>
[Alias("cohortly.email.outbox-reader")]
public interface IOutboxReaderGrain : IGrainWithIntegerKey
{
    [Alias("list")]
    Task<PageSlice<OutboxEntry>> ListAsync(OutboxStatus? status, int page, int pageSize);
}

/// <summary>
/// Turns facts into emails: reads the recipient, checks their preferences, renders the template and puts the
/// result in the outbox under an idempotency key. A stateless worker, so bulk sends spread over every silo.
/// </summary>
[Alias("cohortly.email.mailer")]
public interface IMailerGrain : IGrainWithIntegerKey
{
    [Alias("welcome")]
    Task SendWelcomeAsync(string userId);

    [Alias("enrollment-confirmed")]
    Task SendEnrollmentConfirmedAsync(string eventId, string userId, string bootcampId, string bootcampTitle);

    [Alias("assignment-posted")]
    Task SendAssignmentPostedAsync(ImmutableArray<string> userIds, string bootcampId, string bootcampTitle, string assignmentId, string title, DateTimeOffset dueAt);

    /// <summary>Always sent, whatever the preferences: it is how a locked-out user gets back in.</summary>
    [Alias("password-reset")]
    Task SendPasswordResetAsync(EmailRecipient recipient, string resetLink, int validMinutes, string requestId);

    [Alias("weekly-reports")]
    Task SendWeeklyReportsAsync(ImmutableArray<WeeklyReportRequest> reports);

    /// <summary>The certificate email with the PDF attached; called by the certificates feature.</summary>
    [Alias("certificate")]
    Task SendCertificateAsync(string userId, string bootcampId, string bootcampTitle, string certificateId, byte[] pdf);
}

/// <summary>Turns a bootcamp's domain events into emails (enrollment confirmations, assignment notices). Keyed by bootcamp id.</summary>
[Alias("cohortly.email.bootcamp-email-trigger")]
public interface IBootcampEmailTriggerGrain : IGrainWithStringKey
{
}

/// <summary>Sends the weekly progress reports: a reminder fires at the configured local time each week. Key 0.</summary>
[Alias("cohortly.email.weekly-report-schedule")]
public interface IWeeklyReportScheduleGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("ensure-scheduled")]
    Task EnsureScheduledAsync();

    /// <summary>
    /// Starts this week's reports now (admin, tests, benchmarks) and returns how many enrolled students they cover;
    /// the reports are written in the background. Idempotent per user, bootcamp and ISO week.
    /// </summary>
    [Alias("run-now")]
    Task<int> RunNowAsync();
}

/// <summary>Writes one bootcamp's weekly reports by handing its roster pages to page workers. Keyed by bootcamp id.</summary>
[Alias("cohortly.email.weekly-report-bootcamp")]
public interface IWeeklyReportBootcampGrain : IGrainWithStringKey
{
    /// <summary>One-way: a bootcamp of thousands takes longer than a call may wait.</summary>
    [Alias("run"), OneWay]
    Task RunAsync(string isoWeek);
}

/// <summary>Writes the weekly reports of one roster page, keyed <c>{bootcampId}/{page}</c>; pages spread over the silos.</summary>
[Alias("cohortly.email.weekly-report-page")]
public interface IWeeklyReportPageGrain : IGrainWithStringKey
{
    /// <summary>Renders and stores the page's emails in small batches; answers how many students it covered.</summary>
    [Alias("run")]
    Task<int> RunAsync(string isoWeek, string bootcampTitle, int totalAssignments, ImmutableArray<UpcomingDeadline> upcoming);

    public static string KeyOf(string bootcampId, int page) => $"{bootcampId}/{page}";
}

/// <summary>The cluster's key for unsubscribe tokens, made at first use and kept in grain storage, so every silo signs alike. Key 0.</summary>
[Alias("cohortly.email.signing-key")]
public interface IEmailSigningKeyGrain : IGrainWithIntegerKey
{
    [Alias("get")]
    Task<byte[]> GetAsync();
}
