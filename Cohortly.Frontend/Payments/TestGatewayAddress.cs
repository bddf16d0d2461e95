using Cohortly.Integrations.Payments;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Cohortly.Frontend.Payments;

/// <summary>
/// Makes the embedded gateway's signing secret at start, and tells it where this app's webhook endpoint listens once the server has its addresses, so a
/// session that lapses unpaid (no charge ever told it the address) can still send <c>checkout.session.expired</c>.
/// </summary>
public sealed class TestGatewayAddress(IServer server, IPaymentGateway gateway, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (gateway is EmbeddedTestGateway testGateway)
        {
            // The signing secret is made at start, so it is in the data directory (where the start-up line says) before any checkout.
            _ = testGateway.WebhookSecret;
            lifetime.ApplicationStarted.Register(() => testGateway.WebhookUrl ??= WebhookUrlOf(server));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Uri? WebhookUrlOf(IServer server)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault();
        if (address is null)
        {
            return null;
        }
        // A wildcard binding (http://+:80, http://[::]:80) is reached through the loopback address.
        var builder = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (builder.Host is "[::]" or "0.0.0.0" or "::")
        {
            builder.Host = "localhost";
        }
        builder.Path = "/webhooks/stripe";
        return builder.Uri;
    }
}
