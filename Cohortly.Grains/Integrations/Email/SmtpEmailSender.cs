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

/// <summary>
/// A TCP connection with Nagle's algorithm off. SMTP is a conversation of small writes; with Nagle on, the end of
/// each message waits for the server's delayed ACK (40 ms on Linux), which capped a connection near 25 messages/s.
/// </summary>
public static class NoDelaySocket
{
    public static async Task<System.Net.Sockets.Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
