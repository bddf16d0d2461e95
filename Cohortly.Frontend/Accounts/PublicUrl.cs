using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Cohortly.Frontend.Accounts;

/// <summary>
/// The base address for links in emails. Never taken from the request's Host header, which a caller controls:
/// a reset link must not be pointable at someone else's site.
/// </summary>
public sealed class PublicUrl(IOptions<AuthOptions> options, IServer server)
{
    public string Base
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.PublicUrl))
            {
                return options.Value.PublicUrl.TrimEnd('/');
            }
            var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost";
            return listening.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost").TrimEnd('/');
        }
    }
}
