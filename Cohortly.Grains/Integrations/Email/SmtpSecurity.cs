namespace Cohortly.Integrations.Email;

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it (port 587), TLS on connect for port 465.</summary>
    Auto,
    StartTls,
    SslOnConnect,

    /// <summary>Plain text: local test servers only.</summary>
    None,
}
