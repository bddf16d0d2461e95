namespace Cohortly.Integrations.Email;

/// <summary>
/// An email transport did not take the message. Every adapter throws this instead of its client library's exceptions
/// (MailKit, SendGrid, sockets), so the outbox never depends on which provider is configured. The message says what the
/// provider answered, because it lands in the admin's outbox listing.
/// </summary>
public sealed class EmailTransportException : Exception
{
    public EmailTransportException(string message, bool transient, Exception? inner = null)
        : base(message, inner)
    {
        Transient = transient;
    }

    /// <summary>
    /// True when the same message may go through later unchanged (a 4xx reply, 429, a 5xx from an HTTP API, a dropped
    /// connection); false when the provider refused it for good (a 5xx SMTP reply, bad credentials, a 4xx HTTP answer).
    /// The outbox retries both up to <see cref="EmailOptions.MaxAttempts"/>: a refusal caused by the sender's own set-up
    /// (an unverified address, wrong credentials) is often fixed by an admin between attempts.
    /// </summary>
    public bool Transient { get; }
}
