using System.ComponentModel.DataAnnotations;

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

    public SmtpOptions Smtp { get; set; } = new();

    public SendGridOptions SendGrid { get; set; } = new();

    public WeeklyReportOptions WeeklyReport { get; set; } = new();

    public EmailTransport Transport =>
        !string.IsNullOrWhiteSpace(Smtp.Host) ? EmailTransport.Smtp
        : !string.IsNullOrWhiteSpace(SendGrid.ApiKey) ? EmailTransport.SendGrid
        : EmailTransport.DevMailbox;
}

public enum EmailTransport
{
    DevMailbox,
    Smtp,
    SendGrid,
}

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it (port 587), TLS on connect for port 465.</summary>
    Auto,
    StartTls,
    SslOnConnect,

    /// <summary>Plain text: local test servers only.</summary>
    None,
}

public sealed class SmtpOptions
{
    /// <summary>e.g. <c>email-smtp.eu-west-1.amazonaws.com</c> for Amazon SES.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>SES: the SMTP user name made in the SES console (not the AWS access key id).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// SMTP PIPELINING when the server offers it. Off for servers that answer pipelined commands in separate small
    /// writes with Nagle on (SmtpServer 11.1.0 does): each message then waits out a 40 ms delayed ACK.
    /// </summary>
    public bool Pipelining { get; set; } = true;

    /// <summary>Open connections kept per silo; each carries one message at a time.</summary>
    [Range(1, 64)]
    public int Connections { get; set; } = 4;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class SendGridOptions
{
    public string? ApiKey { get; set; }

    /// <summary>Only for tests pointing the client at a local stub.</summary>
    public string? Host { get; set; }
}

public sealed class WeeklyReportOptions
{
    public DayOfWeek DayOfWeek { get; set; } = DayOfWeek.Monday;

    /// <summary>Local time of day in <see cref="TimeZone"/>, e.g. 08:00.</summary>
    public TimeOnly LocalTime { get; set; } = new(8, 0);

    /// <summary>An IANA or Windows time zone id.</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";
}
