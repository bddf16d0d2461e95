using Cohortly.Email;
using MimeKit;

namespace Cohortly.Integrations.Email;

/// <summary>An <see cref="OutgoingEmail"/> as a MIME message: text and HTML alternatives, inline logo, attachments, unsubscribe headers.</summary>
public static class MimeMessages
{
    public static MimeMessage Build(OutgoingEmail email, EmailOptions options)
    {
        var message = new MimeMessage
        {
            Subject = email.Subject,
            // Stable across retries, so a receiver that saw an attempt the sender never heard back about can drop the repeat.
            MessageId = HeaderMessageId(email, options),
        };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(email.To));
        if (email.UnsubscribeUrl is { } unsubscribe)
        {
            // RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the URL.
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html };
        foreach (var attachment in email.Attachments)
        {
            var contentType = ContentType.Parse(attachment.ContentType);
            if (attachment.ContentId is { } contentId)
            {
                var inline = body.LinkedResources.Add(attachment.FileName, attachment.Content, contentType);
                inline.ContentId = contentId;
            }
            else
            {
                body.Attachments.Add(attachment.FileName, attachment.Content, contentType);
            }
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>The Message-ID header: the outbox's id at the sender's domain.</summary>
    public static string HeaderMessageId(OutgoingEmail email, EmailOptions options) =>
        $"{email.MessageId}@{options.FromAddress[(options.FromAddress.LastIndexOf('@') + 1)..]}";
}
