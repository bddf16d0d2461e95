using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Cohortly.Integrations.Scanning;

/// <summary>
/// clamd's INSTREAM command: <c>zINSTREAM\0</c>, then chunks each prefixed with its length as a 4-byte
/// big-endian integer, then a zero length; clamd answers <c>stream: OK</c> or <c>stream: NAME FOUND</c>.
/// </summary>
public sealed class ClamAvScanner(ClamAvOptions options) : IUploadScanner
{
    /// <summary>clamd's default StreamMaxLength is 25 MB; chunks well below its buffer keep it streaming.</summary>
    private const int MaxChunk = 64 * 1024;

    public async Task<IScanSession> BeginAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            await client.ConnectAsync(options.Host!, options.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), cancellationToken);
            return new Session(client, stream, TimeSpan.FromSeconds(options.TimeoutSeconds));
        }
        catch (Exception unreachable) when (unreachable is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new ScannerUnavailableException($"clamd at {options.Host}:{options.Port} cannot be reached: {unreachable.Message}", unreachable);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Session(TcpClient client, NetworkStream stream, TimeSpan timeout) : IScanSession
    {
        private readonly byte[] _length = new byte[4];

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            try
            {
                await SendAsync(chunk, cancellationToken);
            }
            catch (IOException closed)
            {
                // clamd closes the stream when it is over its StreamMaxLength (25 MB by default).
                throw new ScannerUnavailableException("clamd stopped reading the upload (is StreamMaxLength below the upload limit?): " + closed.Message, closed);
            }
        }

        private async ValueTask SendAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            while (!chunk.IsEmpty)
            {
                var piece = chunk[..Math.Min(chunk.Length, MaxChunk)];
                BinaryPrimitives.WriteUInt32BigEndian(_length, (uint)piece.Length);
                await stream.WriteAsync(_length, cancellationToken);
                await stream.WriteAsync(piece, cancellationToken);
                chunk = chunk[piece.Length..];
            }
        }

        public async Task<ScanVerdict> CompleteAsync(CancellationToken cancellationToken)
        {
            try
            {
                return Parse(await ReplyAsync(cancellationToken));
            }
            catch (Exception noVerdict) when (noVerdict is IOException or SocketException || (noVerdict is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // A dropped connection, a timeout or a reply that is not a verdict: nothing is accepted on it.
                throw new ScannerUnavailableException(noVerdict.Message, noVerdict);
            }
        }

        private async Task<string> ReplyAsync(CancellationToken cancellationToken)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_length, 0);
            await stream.WriteAsync(_length, cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            return await ReadReplyAsync(stream, deadline.Token);
        }

        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// clamd's PING, for readiness checks: its reply (<c>PONG</c> from a clamd that is up) within <paramref name="timeout"/>,
    /// or the connection's or the timeout's exception.
    /// </summary>
    public async Task<string> PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(options.Host!, options.Port, deadline.Token);
        var stream = client.GetStream();
        await stream.WriteAsync("zPING\0"u8.ToArray(), deadline.Token);
        return await ReadReplyAsync(stream, deadline.Token);
    }

    /// <summary>A reply ends with the NUL that matches the z-prefixed command, or with the connection closing.</summary>
    private static async Task<string> ReadReplyAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var reply = new MemoryStream();
        var buffer = new byte[256];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            reply.Write(buffer, 0, read);
            if (buffer[read - 1] == 0 || reply.Length > 4096)
            {
                break;
            }
        }
        return Encoding.ASCII.GetString(reply.ToArray()).TrimEnd('\0', '\n', '\r', ' ');
    }

    public static ScanVerdict Parse(string reply)
    {
        if (reply.EndsWith(": OK", StringComparison.Ordinal))
        {
            return ScanVerdict.Passed;
        }
        if (reply.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            var name = reply[(reply.IndexOf(": ", StringComparison.Ordinal) + 2)..^" FOUND".Length];
            return new ScanVerdict(false, name);
        }
        // "INSTREAM size limit exceeded. ERROR" and the like: not a verdict, so nothing is accepted on it.
        throw new IOException($"clamd did not scan the upload: {reply}");
    }
}
