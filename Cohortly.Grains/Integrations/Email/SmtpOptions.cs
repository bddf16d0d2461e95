using System.ComponentModel.DataAnnotations;

namespace Cohortly.Integrations.Email;

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
