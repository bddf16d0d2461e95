using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Email;

/// <summary>
/// The <c>Cohortly:Email</c> section. With no <see cref="Smtp"/> host and no <see cref="SendGrid"/> key, mail goes to the
/// embedded dev mailbox. Amazon SES is reached through its SMTP interface (see README, "Email").
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Cohortly:Email";

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "no-reply@cohortly.local";

    [Required]
    public string FromName { get; set; } = "Cohortly";

    /// <summary>The brand in every email's header, subject lines and footer.</summary>
    [Required]
    public string PlatformName { get; set; } = "Cohortly";

    /// <summary>The web app's address for links in emails; unset, the front end's own address (embedded mode).</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Sends per second per silo; bulk mail waits for its turn instead of tripping the provider's limits.</summary>
    [Range(1, 100_000)]
    public int MaxPerSecond { get; set; } = 50;

    /// <summary>Attempts before an email is marked failed (an admin can retry it).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry's delay; each later one doubles, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long sent emails stay listed in the admin's outbox.</summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);

    // DataAnnotations looks inside a nested section only when it is marked so.
    [ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();

    [ValidateObjectMembers]
    public SendGridOptions SendGrid { get; set; } = new();

    [ValidateObjectMembers]
    public WeeklyReportOptions WeeklyReport { get; set; } = new();

    public EmailTransport Transport =>
        !string.IsNullOrWhiteSpace(Smtp.Host) ? EmailTransport.Smtp
        : !string.IsNullOrWhiteSpace(SendGrid.ApiKey) ? EmailTransport.SendGrid
        : EmailTransport.DevMailbox;
}
