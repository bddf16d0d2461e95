namespace Cohortly.Integrations.Email;

public sealed record EmailMessage(string To, string Subject, string Html, string Text);

/// <summary>The port every outgoing email leaves through: the dev mailbox when embedded, SMTP or SendGrid when configured.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
