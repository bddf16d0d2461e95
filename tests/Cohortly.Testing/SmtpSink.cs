using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Cohortly.Testing;

/// <summary>
/// A real SMTP server on a loopback port (SmtpServer, in process) that keeps every message it accepts. It can be
/// stopped and started again on the same port to play a mail server outage.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private CancellationTokenSource? _running;
    private SmtpServer.SmtpServer? _server;
    private Task? _serving;

    public SmtpSink()
    {
        Port = Ports.Free();
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Received => _received;

    /// <summary>Asked before a message is accepted; false answers 554, so the sender never hears it was delivered.</summary>
    public Func<MimeMessage, Task<bool>>? BeforeAccept { get; set; }

    /// <summary>The environment that points a Cohortly process at this server (plain SMTP, no credentials).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Cohortly__Email__Smtp__Host"] = "127.0.0.1",
        ["Cohortly__Email__Smtp__Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cohortly__Email__Smtp__Security"] = "None",
        // SmtpServer answers pipelined commands in separate writes with Nagle on: 40 ms per message (see Smtp:Pipelining).
        ["Cohortly__Email__Smtp__Pipelining"] = "false",
    };

    public static async Task<SmtpSink> StartAsync()
    {
        var sink = new SmtpSink();
        await sink.StartServingAsync();
        return sink;
    }

    public async Task StartServingAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("127.0.0.1")
            .Endpoint(endpoint => endpoint.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        _running = new CancellationTokenSource();
        _server = new SmtpServer.SmtpServer(options, services);
        _serving = _server.StartAsync(_running.Token);
        // Listening once a client can connect.
        await Eventually.Until(async () =>
        {
            using var client = new System.Net.Sockets.TcpClient();
            try
            {
                await client.ConnectAsync(System.Net.IPAddress.Loopback, Port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, up => up, TimeSpan.FromSeconds(10), "the SMTP sink to listen");
    }

    /// <summary>Stops listening and drops open connections: senders see connection refused until it starts again.</summary>
    public async Task StopServingAsync()
    {
        if (_server is null)
        {
            return;
        }
        _server.Shutdown();
        await _running!.CancelAsync();
        try
        {
            await _serving!;
        }
        catch (OperationCanceledException)
        {
        }
        await _server.ShutdownTask;
        _running.Dispose();
        _server = null;
    }

    public Task<IReadOnlyList<MimeMessage>> WaitForAsync(Func<MimeMessage, bool> match, int count, TimeSpan timeout, string what) =>
        Eventually.Until(
            () => Task.FromResult<IReadOnlyList<MimeMessage>>([.. _received.Where(match)]),
            found => found.Count >= count,
            timeout,
            what);

    public async Task<MimeMessage> WaitForOneAsync(Func<MimeMessage, bool> match, string what) =>
        (await WaitForAsync(match, 1, TimeSpan.FromSeconds(30), what))[0];

    public async ValueTask DisposeAsync() => await StopServingAsync();

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (sink.BeforeAccept is { } check && !await check(message))
            {
                return SmtpResponse.TransactionFailed;
            }
            sink._received.Enqueue(message);
            return SmtpResponse.Ok;
        }
    }
}
