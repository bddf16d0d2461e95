using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Cohortly.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Cohortly.Api.Tests.Platform;

/// <summary>
/// The embedded app in this process, so its spans can be read from an in-memory exporter: one request's trace runs
/// from the HTTP request through the grains it calls to the state they write.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private InProcessApp _app = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _app = new InProcessApp("cohortly-telemetry",
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)));
        _http = _app.Http;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ARegistrationIsOneTraceFromTheRequestThroughTheGrainsToTheStorageWrite()
    {
        await _http.RegisterAsync(displayName: "Tracy");

        // The request's server span, the user grain's call as the grain ran it, and a state write: all one trace.
        var trace = await Eventually.Until(() => Task.FromResult(TraceOf("POST", "/api/auth/register")), spans => spans is not null
            && spans.Any(s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Server && s.DisplayName == "IUserGrain/CreateAsync")
            && spans.Any(s => s.Source.Name == "Microsoft.Orleans.Storage" && s.DisplayName == "write storage"),
            TimeSpan.FromSeconds(15), "the registration's trace to reach the user grain and its storage write");
        Assert.Single(trace!, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore");
    }

    [Fact]
    public async Task MetricsCountRequestsForAdminsAndRefuseEveryoneElse()
    {
        var admin = await _http.RegisterAsync(displayName: "Ada Admin");
        var student = await _http.RegisterAsync(displayName: "Sam Student");
        await _http.GetMeAsync(student.AccessToken);

        using (var anonymous = await _http.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using (var notAdmin = await Metrics(student.AccessToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
        }
        var text = await Eventually.Until(async () =>
        {
            using var scraped = await Metrics(admin.AccessToken);
            return scraped.StatusCode == HttpStatusCode.OK ? await scraped.Content.ReadAsStringAsync() : "";
        }, body => body.Contains("http_server_request_duration_seconds_count", StringComparison.Ordinal) && body.Contains("/api/me", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "a request counter for /api/me");
        Assert.Contains("orleans", text, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> Metrics(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _http.SendAsync(request);
    }

    /// <summary>Every span of the trace whose server span is this request, once that span has ended.</summary>
    private List<Activity>? TraceOf(string method, string path)
    {
        // The exporter adds to the list as spans end: copy it (no enumerator to trip over an add) before looking.
        var spans = _spans.ToArray();
        var server = spans.FirstOrDefault(s => s is not null && s.Kind == ActivityKind.Server && s.DisplayName == $"{method} {path}");
        return server is null ? null : [.. spans.Where(s => s is not null && s.TraceId == server.TraceId)];
    }
}
