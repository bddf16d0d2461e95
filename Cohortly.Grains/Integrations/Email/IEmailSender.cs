using Cohortly.Email;

namespace Cohortly.Integrations.Email;

/// <summary>The port every outgoing email leaves through: the dev mailbox when embedded, SMTP or SendGrid when configured.</summary>
public interface IEmailSender
{
    /// <summary>Returns once the provider accepted the message; throws when it did not (the outbox retries).</summary>
    Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken = default);
}
