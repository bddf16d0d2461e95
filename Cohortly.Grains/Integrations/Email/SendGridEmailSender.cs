using Cohortly.Email;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Cohortly.Integrations.Email;

/// <summary>SendGrid's v3 mail API through the official client.</summary>
public sealed class SendGridEmailSender(IOptions<EmailOptions> options, IHttpClientFactory httpClients) : IEmailSender
{
    private readonly EmailOptions _options = options.Value;

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken = default)
    {
        var clientOptions = new SendGridClientOptions { ApiKey = _options.SendGrid.ApiKey };
        if (!string.IsNullOrWhiteSpace(_options.SendGrid.Host))
        {
            clientOptions.Host = _options.SendGrid.Host;
        }
        var client = new SendGridClient(httpClients.CreateClient(nameof(SendGridEmailSender)), clientOptions);

        var message = MailHelper.CreateSingleEmail(
            new EmailAddress(_options.FromAddress, _options.FromName), new EmailAddress(email.To), email.Subject, email.Text, email.Html);
        message.AddHeader("Message-ID", $"<{MimeMessages.HeaderMessageId(email, _options)}>");
        if (email.UnsubscribeUrl is { } unsubscribe)
        {
            message.AddHeader("List-Unsubscribe", $"<{unsubscribe}>");
            message.AddHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        foreach (var attachment in email.Attachments)
        {
            message.AddAttachment(new Attachment
            {
                Filename = attachment.FileName,
                Type = attachment.ContentType,
                Content = Convert.ToBase64String(attachment.Content),
                Disposition = attachment.ContentId is null ? "attachment" : "inline",
                ContentId = attachment.ContentId,
            });
        }

        Response response;
        try
        {
            response = await client.SendEmailAsync(message, cancellationToken);
        }
        catch (Exception unreachable) when (unreachable is HttpRequestException || (unreachable is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new EmailTransportException($"SendGrid could not be reached: {unreachable.Message}", transient: true, unreachable);
        }
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Body.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            // 429 and 5xx clear up by themselves; any other 4xx is about this request or the key.
            throw new EmailTransportException($"SendGrid answered {status}: {body[..Math.Min(body.Length, 300)]}", transient: status is 429 or >= 500);
        }
    }
}
