using System.Collections.Immutable;
using System.Globalization;
using Cohortly.Accounts;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

using Cohortly.Payments;

namespace Cohortly.Email;

/// <summary>
/// Renders each email for its recipient and enqueues it under an idempotency key, so a repeated event, a re-run of
/// the weekly job or a retried call never produces a second email. Preferences are checked here, at render time.
/// Reentrant: it holds no state, and a stateless worker has only as many activations per silo as cores, each taking one
/// call at a time, so without it two roster pages' batches were all the weekly run had in flight while each waited on storage.
/// </summary>
[StatelessWorker]
[Reentrant]
[GrainType("mailer")]
public sealed class MailerGrain(EmailTemplates templates, EmailLinks links, IOptions<EmailOptions> options) : Grain, IMailerGrain
{
    /// <summary>Recipients rendered at once by one activation: enough to overlap storage waits without a burst of thousands.</summary>
    private const int Parallelism = 16;

    public Task SendWelcomeAsync(string userId) =>
        ComposeAsync($"welcome/{userId}", userId, "welcome", EmailCategory.Essential,
            model => model["catalog_url"] = links.Page("/bootcamps"));

    public Task SendEnrollmentConfirmedAsync(string eventId, string userId, string bootcampId, string bootcampTitle) =>
        ComposeAsync($"enrollment-confirmed/{eventId}/{userId}", userId, "enrollment-confirmed", EmailCategory.Essential, model =>
        {
            model["bootcamp"] = new Dictionary<string, object?> { ["title"] = bootcampTitle };
            model["bootcamp_url"] = links.Page($"/bootcamps/{Uri.EscapeDataString(bootcampId)}");
        });

    public Task SendPaymentReceiptAsync(PaymentSucceeded payment) =>
        ComposeAsync($"payment-receipt/{payment.PaymentId}", payment.UserId, "payment-receipt", EmailCategory.Essential, model =>
        {
            model["bootcamp"] = new Dictionary<string, object?> { ["title"] = payment.BootcampTitle };
            model["payment"] = new Dictionary<string, object?>
            {
                ["id"] = payment.PaymentId,
                ["total"] = PaymentNotifications.Money(payment.TotalMinor, payment.Currency),
                ["discount"] = payment.DiscountMinor > 0 ? PaymentNotifications.Money(payment.DiscountMinor, payment.Currency) : null,
                ["coupon"] = payment.CouponCode,
                ["paid_at"] = FormatTime(payment.OccurredAt),
            };
            model["payments_url"] = links.Page("/payments");
        });

    public async Task SendPaymentRefundedAsync(PaymentRefunded refund)
    {
        // The event carries the money; the bootcamp's title and the refund's reason are read from the payment.
        var payment = await GrainFactory.GetGrain<IPaymentGrain>(refund.PaymentId).GetSummaryAsync();
        var reason = payment?.Refunds.FirstOrDefault(r => r.RefundId == refund.RefundId)?.Reason;
        await ComposeAsync($"payment-refunded/{refund.RefundId}", refund.UserId, "payment-refunded", EmailCategory.Essential, model =>
        {
            model["bootcamp"] = new Dictionary<string, object?> { ["title"] = payment?.BootcampTitle ?? "your bootcamp" };
            model["refund"] = new Dictionary<string, object?>
            {
                ["amount"] = PaymentNotifications.Money(refund.AmountMinor, refund.Currency),
                ["full"] = refund.FullyRefunded,
                ["no_seat"] = PaymentRules.IsNoSeatRefund(refund.PaymentId, refund.RefundId),
                ["reason"] = reason,
                ["payment_id"] = refund.PaymentId,
                ["refunded_at"] = FormatTime(refund.OccurredAt),
            };
            model["payments_url"] = links.Page("/payments");
        });
    }

    public Task SendInstallmentFailedAsync(InstallmentFailed failure) =>
        ComposeAsync($"installment-failed/{failure.ChargeId}/{failure.Attempt}", failure.UserId, "installment-failed", EmailCategory.Essential, model =>
        {
            model["bootcamp"] = new Dictionary<string, object?> { ["title"] = failure.BootcampTitle };
            model["installment"] = new Dictionary<string, object?>
            {
                ["amount"] = PaymentNotifications.Money(failure.AmountMinor, failure.Currency),
                ["message"] = failure.Message,
                ["payment_id"] = failure.PaymentId,
            };
            model["pay_url"] = links.Page($"/pay/{Uri.EscapeDataString(failure.PaymentId)}");
            model["payments_url"] = links.Page("/payments");
        });

    public Task SendSubscriptionNoticeAsync(string eventId, string userId, string title, string body) =>
        ComposeAsync($"subscription/{eventId}", userId, "subscription-notice", EmailCategory.Essential, model =>
        {
            model["notice"] = new Dictionary<string, object?> { ["title"] = title, ["body"] = body };
            model["subscription_url"] = links.Page("/subscription");
        });

    public Task SendAssignmentPostedAsync(
        ImmutableArray<string> userIds, string bootcampId, string bootcampTitle, string assignmentId, string title, DateTimeOffset dueAt) =>
        ForEachAsync(userIds, userId =>
            ComposeAsync($"assignment-posted/{assignmentId}/{userId}", userId, "assignment-posted", EmailCategory.AssignmentNotices, model =>
            {
                model["bootcamp"] = new Dictionary<string, object?> { ["title"] = bootcampTitle };
                model["assignment"] = new Dictionary<string, object?> { ["title"] = title, ["due_at"] = FormatTime(dueAt) };
                model["assignment_url"] = links.Page($"/assignments/{Uri.EscapeDataString(assignmentId)}");
            }));

    public Task SendPasswordResetAsync(EmailRecipient recipient, string resetLink, int validMinutes, string requestId) =>
        ComposeAsync($"password-reset/{recipient.UserId}/{requestId}", recipient, "password-reset", EmailCategory.Essential, model =>
        {
            model["reset_link"] = resetLink;
            model["valid_minutes"] = validMinutes;
        });

    public async Task<ImmutableArray<OutgoingEmail>> ComposeWeeklyReportsAsync(ImmutableArray<WeeklyReportRequest> reports)
    {
        var composed = new OutgoingEmail?[reports.Length];
        await ForEachAsync(Enumerable.Range(0, reports.Length), async i =>
        {
            var report = reports[i];
            if (await RecipientAsync(report.UserId) is { } recipient)
            {
                composed[i] = await RenderAsync($"weekly-report/{report.UserId}/{report.BootcampId}/{report.IsoWeek}", recipient, "weekly-report", EmailCategory.WeeklyReport, model =>
                {
                    model["week"] = report.IsoWeek;
                    model["bootcamp"] = new Dictionary<string, object?> { ["title"] = report.BootcampTitle };
                    model["bootcamp_url"] = links.Page($"/bootcamps/{Uri.EscapeDataString(report.BootcampId)}");
                    model["progress"] = new Dictionary<string, object?>
                    {
                        ["completed"] = report.Progress.CompletedAssignments,
                        ["total"] = report.Progress.TotalAssignments,
                        ["average"] = report.Progress.AverageScorePercent is { } average ? Math.Round(average, 1).ToString(CultureInfo.InvariantCulture) : null,
                    };
                    model["upcoming"] = report.Upcoming
                        .Select(d => (object?)new Dictionary<string, object?> { ["title"] = d.Title, ["due_at"] = FormatTime(d.DueAt) })
                        .ToList();
                });
            }
        });
        return [.. composed.OfType<OutgoingEmail>()];
    }

    public Task SendCertificateAsync(string userId, string bootcampId, string bootcampTitle, string certificateId, byte[] pdf) =>
        ComposeAsync($"certificate/{certificateId}", userId, "certificate", EmailCategory.Essential, model =>
        {
            model["bootcamp"] = new Dictionary<string, object?> { ["title"] = bootcampTitle };
            model["verify_url"] = links.Page($"/verify/{Uri.EscapeDataString(certificateId)}");
        }, new EmailAttachment($"certificate-{certificateId}.pdf", "application/pdf", pdf, null));

    public Task SendLiveClassNoticeAsync(ImmutableArray<string> userIds, LiveClasses.LiveClassNotice notice) =>
        ForEachAsync(userIds, userId =>
            ComposeAsync($"live-class/{notice.EventId}/{userId}", userId, "live-class", EmailCategory.AssignmentNotices, model =>
            {
                model["bootcamp"] = new Dictionary<string, object?> { ["title"] = notice.BootcampTitle };
                model["notice"] = new Dictionary<string, object?>
                {
                    ["kind"] = notice.Kind, ["title"] = notice.Title, ["when"] = notice.When, ["was"] = notice.WasWhen,
                };
                model["session_url"] = links.Page($"/sessions/{Uri.EscapeDataString(notice.SessionId)}");
            }));

    public Task SendSavedReportAsync(Analytics.SavedReportEmail email) =>
        ComposeAsync(email.IdempotencyKey, email.UserId, "saved-report", EmailCategory.WeeklyReport, model =>
        {
            model["report"] = new Dictionary<string, object?>
            {
                ["name"] = email.Name,
                ["week"] = email.Week,
                ["total_rows"] = email.TotalRows,
                ["shown_rows"] = email.Rows.Length,
                ["columns"] = email.Columns.Select(c => (object?)c).ToList(),
                ["rows"] = email.Rows.Select(r => (object?)r.Select(c => (object?)c).ToList()).ToList(),
            };
            model["reports_url"] = links.Page("/reports");
        }, new EmailAttachment($"report-{email.Week}.csv", "text/csv", email.Csv, null));

    private async Task ComposeAsync(
        string idempotencyKey, string userId, string template, EmailCategory category,
        Action<Dictionary<string, object?>> fill, EmailAttachment? attachment = null)
    {
        if (await RecipientAsync(userId) is { } recipient)
        {
            await ComposeAsync(idempotencyKey, recipient, template, category, fill, attachment);
        }
    }

    private async Task ComposeAsync(
        string idempotencyKey, EmailRecipient recipient, string template, EmailCategory category,
        Action<Dictionary<string, object?>> fill, EmailAttachment? attachment = null)
    {
        if (await RenderAsync(idempotencyKey, recipient, template, category, fill, attachment) is { } email)
        {
            await GrainFactory.GetGrain<IOutboxMessageGrain>(email.MessageId).EnqueueAsync(email);
        }
    }

    private async Task<EmailRecipient?> RecipientAsync(string userId) =>
        await GrainFactory.GetGrain<IUserGrain>(userId).GetProfileAsync() is { } profile
            ? new EmailRecipient(userId, profile.Email, profile.DisplayName)
            : null;

    /// <summary>The email for this recipient, or null when their preferences turn this category off.</summary>
    private async Task<OutgoingEmail?> RenderAsync(
        string idempotencyKey, EmailRecipient recipient, string template, EmailCategory category,
        Action<Dictionary<string, object?>> fill, EmailAttachment? attachment = null)
    {
        var userId = recipient.UserId;
        string? unsubscribeUrl = null;
        if (category != EmailCategory.Essential)
        {
            if (!(await GrainFactory.GetGrain<IEmailPreferencesGrain>(userId).GetAsync()).Allows(category))
            {
                return null;
            }
            unsubscribeUrl = await links.UnsubscribeUrlAsync(userId, category);
        }

        var model = new Dictionary<string, object?>
        {
            ["platform_name"] = options.Value.PlatformName,
            ["public_url"] = links.Base,
            ["preferences_url"] = links.Page("/settings/email"),
            ["unsubscribe_url"] = unsubscribeUrl,
            ["user"] = new Dictionary<string, object?> { ["display_name"] = recipient.DisplayName, ["email"] = recipient.Email },
        };
        fill(model);
        var rendered = templates.Render(template, model);

        var attachments = ImmutableArray.Create(new EmailAttachment("logo.png", "image/png", templates.Logo, EmailTemplates.LogoContentId));
        if (attachment is not null)
        {
            attachments = attachments.Add(attachment);
        }
        var messageId = IOutboxMessageGrain.KeyOf(idempotencyKey);
        return new OutgoingEmail(messageId, recipient.Email, template, rendered.Subject, rendered.Html, rendered.Text, attachments, unsubscribeUrl);
    }

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action)
    {
        foreach (var chunk in items.Chunk(Parallelism))
        {
            await Task.WhenAll(chunk.Select(action));
        }
    }
}
