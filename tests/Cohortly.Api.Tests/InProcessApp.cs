using Cohortly.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cohortly.Api.Tests;

/// <summary>
/// The embedded app (front end and silo) inside the test process, on a throwaway data directory, for what only a test in
/// the same process can see or change: its spans, its clock.
/// </summary>
public sealed class InProcessApp : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly WebApplicationFactory<Program> _factory;

    public InProcessApp(string dataName, Action<IServiceCollection>? services = null)
    {
        _data = new TempDirectory(dataName);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Cohortly:DataDirectory", _data.Path);
            web.UseSetting("Cohortly:Orleans:SiloPort", "0");
            web.UseSetting("Cohortly:Orleans:GatewayPort", "0");
            web.UseSetting("Cohortly:Auth:ClientRequestsPerMinute", "100000");
            if (services is not null)
            {
                web.ConfigureTestServices(services);
            }
        });
        Http = _factory.CreateClient();
    }

    public HttpClient Http { get; }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        _data.Dispose();
    }
}
