using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Cohortly.Frontend.Health;

public static class HealthApi
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // Live: the process answers. Ready: it can also reach the grains.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithTags("Health");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).WithTags("Health");
        return app;
    }
}
