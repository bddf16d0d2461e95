using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Cohortly.Frontend.Health;

public static class HealthApi
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // Live: the process answers. Ready: it can also reach the grains.
        // Not route handlers, so the document describes them from their names and metadata (SelfDescribedEndpointsTransformer).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithTags("Health")
            .WithName("Live").WithSummary("The process answers.")
            .WithDescription("Public. `Healthy` (text/plain) while the process runs; for liveness probes.")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/plain"]));
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).WithTags("Health")
            .WithName("Ready").WithSummary("The process can reach the grains.")
            .WithDescription("Public. `Healthy` when a grain call went through the cluster and back within five seconds, else 503 `Unhealthy`; for readiness probes and load balancers.")
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/plain"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(string), ["text/plain"]));
        return app;
    }
}
