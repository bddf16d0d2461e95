using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cohortly.Testing;

/// <summary>
/// A stand-in for clamd speaking its INSTREAM protocol on a free loopback port (a real clamd with its signature
/// database cannot be assumed on a test machine). It reassembles the length-prefixed chunks and answers
/// <c>stream: Eicar-Test-Signature FOUND</c> when the stream holds the EICAR test string, <c>stream: OK</c> otherwise;
/// PING answers PONG.
/// </summary>
public sealed class FakeClamd : IAsyncDisposable
{
    public const string Eicar = @"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public FakeClamd()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many streams it has scanned, and the bytes of the last one.</summary>
    public int Scans { get; private set; }

    public byte[] LastStream { get; private set; } = [];

    /// <summary>While set, connections are accepted and read but never answered.</summary>
    public bool Silent { get; set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception stopped) when (stopped is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    /// <summary>A z-prefixed command, up to its NUL.</summary>
    private async Task<string> ReadCommandAsync(NetworkStream stream)
    {
        var command = new StringBuilder();
        var one = new byte[1];
        while (command.Length < 64)
        {
            await stream.ReadExactlyAsync(one, _stop.Token);
            if (one[0] == 0)
            {
                break;
            }
            command.Append((char)one[0]);
        }
        return command.ToString();
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var command = await ReadCommandAsync(stream);
        if (Silent)
        {
            // Holds the connection and answers nothing, as a clamd stuck reloading its database does.
            await Task.Delay(Timeout.Infinite, _stop.Token);
        }
        if (command == "zPING")
        {
            await stream.WriteAsync("PONG\0"u8.ToArray(), _stop.Token);
            return;
        }
        if (command != "zINSTREAM")
        {
            await stream.WriteAsync("UNKNOWN COMMAND\0"u8.ToArray(), _stop.Token);
            return;
        }
        var received = new MemoryStream();
        var length = new byte[4];
        while (true)
        {
            await stream.ReadExactlyAsync(length, _stop.Token);
            var size = BinaryPrimitives.ReadUInt32BigEndian(length);
            if (size == 0)
            {
                break;
            }
            var chunk = new byte[size];
            await stream.ReadExactlyAsync(chunk, _stop.Token);
            received.Write(chunk);
        }
        LastStream = received.ToArray();
        Scans++;
        var infected = Encoding.ASCII.GetString(LastStream).Contains(Eicar, StringComparison.Ordinal);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(infected ? "stream: Eicar-Test-Signature FOUND\0" : "stream: OK\0"), _stop.Token);
    }
}
