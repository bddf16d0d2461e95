using System.Security.Cryptography;
using System.Text;
using Cohortly.Accounts;
using Cohortly.Silo.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// The front end's telemetry: what every Cohortly process has (<see cref="CohortlyTelemetry"/>) plus incoming requests,
/// and <c>/metrics</c> for Prometheus. In embedded mode the same providers also see the co-hosted silo's grains.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>A bearer token a Prometheus scraper sends (<c>authorization: {credentials: …}</c>); admins' own tokens work too.</summary>
    public const string MetricsTokenKey = "Cohortly:Telemetry:MetricsToken";

    private const string MetricsPolicy = "metrics";

    public static WebApplicationBuilder AddCohortlyTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddCohortlyTelemetry("cohortly-frontend")
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(requests =>
                requests.Filter = http => !http.Request.Path.StartsWithSegments(MetricsPath) && !http.Request.Path.StartsWithSegments("/health")))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter());
        var scrapeToken = builder.Configuration[MetricsTokenKey];
        builder.Services.AddAuthorizationBuilder().AddPolicy(MetricsPolicy, policy => policy.RequireAssertion(context =>
            context.User.IsInRole(Roles.Admin)
            || (context.Resource is HttpContext http && !string.IsNullOrEmpty(scrapeToken) && BearerIs(http, scrapeToken))));
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus' text format, for admins or a scraper holding <see cref="MetricsTokenKey"/>: request
    /// counts and durations per route, grain calls, runtime figures. Not part of the API document.
    /// </summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(MetricsPolicy).ExcludeFromDescription();
        return app;
    }

    private static bool BearerIs(HttpContext http, string token)
    {
        var header = http.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
