namespace Cohortly.Integrations.Email;

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
