using System.Net;
using System.Net.Sockets;

namespace Cohortly.Silo.Hosting;

internal static class FreePort
{
    /// <summary>Asks the OS for an unused loopback port; Orleans must know its port up front to advertise it.</summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static int OrPick(int configured) => configured == 0 ? Pick() : configured;
}
