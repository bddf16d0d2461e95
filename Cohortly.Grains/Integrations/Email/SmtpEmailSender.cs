using System.Collections.Concurrent;
using System.Net.Sockets;
using Cohortly.Email;
using MailKit;
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
        // Disposed: its parts hold pooled memory streams, one set per message of a bulk send.
        using var message = MimeMessages.Build(email, _options);
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
            // MailKit's message is often empty: the reply code is what an admin needs to see. 4xx means "try again later".
            var code = (int)refused.StatusCode;
            throw new EmailTransportException($"The SMTP server answered {code} ({refused.ErrorCode}): {refused.Message}", transient: code < 500, refused);
        }
        catch (AuthenticationException rejected)
        {
            throw new EmailTransportException($"The SMTP server refused the credentials in {EmailOptions.Section}:Smtp: {rejected.Message}", transient: false, rejected);
        }
        catch (SslHandshakeException untrusted)
        {
            // A certificate or TLS mismatch does not fix itself between attempts.
            throw new EmailTransportException($"TLS with SMTP {_options.Smtp.Host}:{_options.Smtp.Port} failed: {untrusted.Message}", transient: false, untrusted);
        }
        catch (Exception broken) when (broken is SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException
            || (broken is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The connection failed or timed out mid-conversation: the message may go through on a fresh one.
            throw new EmailTransportException($"SMTP {_options.Smtp.Host}:{_options.Smtp.Port} failed: {broken.Message}", transient: true, broken);
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
            var host = smtp.Host ?? throw new InvalidOperationException("Cohortly:Email:Smtp:Host is not set.");
            await client.ConnectAsync(await NoDelaySocket.ConnectAsync(host, smtp.Port, cancellationToken), host, smtp.Port, security, cancellationToken);
            if (!smtp.Pipelining)
            {
                client.Capabilities &= ~SmtpCapabilities.Pipelining;
            }
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
