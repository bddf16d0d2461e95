using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Cohortly.Email;

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

    /// <summary>One receipt per payment, however often its event arrives.</summary>
    [Alias("send-payment-receipt")]
    Task SendPaymentReceiptAsync(Payments.PaymentSucceeded payment);

    /// <summary>One email per refund, saying how much goes back and why.</summary>
    [Alias("send-payment-refunded")]
    Task SendPaymentRefundedAsync(Payments.PaymentRefunded refund);

    /// <summary>One email per failed attempt at an installment: what failed, and what happens next.</summary>
    [Alias("send-installment-failed")]
    Task SendInstallmentFailedAsync(Payments.InstallmentFailed failure);

    /// <summary>One email per subscription event (activated, renewed, a failed renewal, renewal turned off or on, ended), in the notification's words.</summary>
    [Alias("send-subscription-notice")]
    Task SendSubscriptionNoticeAsync(string eventId, string userId, string title, string body);

    [Alias("assignment-posted")]
    Task SendAssignmentPostedAsync(ImmutableArray<string> userIds, string bootcampId, string bootcampTitle, string assignmentId, string title, DateTimeOffset dueAt);

    /// <summary>Always sent, whatever the preferences: it is how a locked-out user gets back in.</summary>
    [Alias("password-reset")]
    Task SendPasswordResetAsync(EmailRecipient recipient, string resetLink, int validMinutes, string requestId);

    /// <summary>
    /// The weekly reports rendered, not stored: the caller stores a roster page's reports as one batch. Students who
    /// turned weekly reports off, or whose account is gone, have none.
    /// </summary>
    [Alias("compose-weekly-reports")]
    Task<ImmutableArray<OutgoingEmail>> ComposeWeeklyReportsAsync(ImmutableArray<WeeklyReportRequest> reports);

    /// <summary>A saved report's weekly email (analytics); once per idempotency key (report and week).</summary>
    [Alias("saved-report")]
    Task SendSavedReportAsync(Analytics.SavedReportEmail email);

    /// <summary>The certificate email with the PDF attached; called by the certificates feature.</summary>
    [Alias("certificate")]
    Task SendCertificateAsync(string userId, string bootcampId, string bootcampTitle, string certificateId, byte[] pdf);

    /// <summary>A live class moved, was cancelled or starts soon; called by the live classes feature.</summary>
    [Alias("live-class-notice")]
    Task SendLiveClassNoticeAsync(ImmutableArray<string> userIds, LiveClasses.LiveClassNotice notice);
}
