using System.Collections.Concurrent;
using Cohortly.Email;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Email;

/// <summary>
/// SMTP through MailKit (Amazon SES's SMTP interface or any provider). Keeps a few authenticated connections
/// open and lends each to one message at a time: connecting and STARTTLS cost more than a message.
/// </summary>
public sealed class SmtpEmailSender : IEmailSender, IAsyncDisposable
{
    private readonly EmailOptions _options;
    private readonly SemaphoreSlim _connections;
    private readonly ConcurrentBag<SmtpClient> _idle = [];

    public SmtpEmailSender(IOptions<EmailOptions> options)
    {
        _options = options.Value;
        _connections = new SemaphoreSlim(_options.Smtp.Connections);
    }

    public async Task SendAsync(OutgoingEmail email, CancellationToken cancellationToken = default)
    {
        var message = MimeMessages.Build(email, _options);
        await _connections.WaitAsync(cancellationToken);
        SmtpClient? client = null;
        try
        {
            client = await ConnectedClientAsync(cancellationToken);
            await client.SendAsync(message, cancellationToken);
            _idle.Add(client);
            client = null;
        }
        catch (SmtpCommandException refused)
        {
            // MailKit's message is often empty: the reply code is what an admin needs to see.
            throw new EmailNotAcceptedException($"The SMTP server answered {(int)refused.StatusCode} ({refused.ErrorCode}): {refused.Message}", refused);
        }
        finally
        {
            // A connection that failed mid-conversation is in an unknown state: drop it, the next send opens a fresh one.
            if (client is not null)
            {
                client.Dispose();
            }
            _connections.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var client))
        {
            if (client.IsConnected)
            {
                try
                {
                    await client.DisconnectAsync(true);
                }
                catch (Exception exception) when (exception is IOException or SmtpProtocolException or OperationCanceledException)
                {
                    // Shutting down: the server may already be gone.
                }
            }
            client.Dispose();
        }
        _connections.Dispose();
    }

    private async Task<SmtpClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out var pooled))
        {
            if (pooled.IsConnected)
            {
                return pooled;
            }
            pooled.Dispose();
        }
        var smtp = _options.Smtp;
        var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            var security = smtp.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.Auto,
            };
            await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Cohortly:Email:Smtp:Host is not set."), smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            }
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
