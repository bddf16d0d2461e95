using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

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
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteReportAsync })
            .WithTags("Health")
            .WithName("Ready").WithSummary("The process can reach the grains and what they depend on.")
            .WithDescription("Public. The first line is `Healthy`, `Degraded` (200) or `Unhealthy` (503); then one line per dependency " +
                "(`cluster`: a grain call there and back, `database`, `storage`, `smtp`, and `clamd` where uploads are scanned) with its " +
                "status and what it means, so an operator reads what is down. SMTP down is `Degraded`: emails wait in the outbox; clamd " +
                "down is `Degraded`: uploads are refused until it is back. For readiness probes and load balancers.")
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/plain"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(string), ["text/plain"]));
        return app;
    }

    /// <summary>Plain text, one line per check: what a person reading a probe's output, or curl, needs.</summary>
    private static Task WriteReportAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Select(entry => $"{entry.Key}: {entry.Value.Status} - {entry.Value.Description}");
        return http.Response.WriteAsync(string.Join('\n', lines.Prepend(report.Status.ToString())) + "\n");
    }
}
