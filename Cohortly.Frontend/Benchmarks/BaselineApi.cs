namespace Cohortly.Frontend.Benchmarks;

public sealed record BaselineResponse(string Status, DateTimeOffset At);

/// <summary>
/// A bare minimal-API JSON endpoint, mapped only when <c>Cohortly:Benchmarks:Baseline</c> is true, so load
/// drivers can report every figure as a ratio to what this process does with no grain, auth or validation.
/// </summary>
public static class BaselineApi
{
    public static IEndpointRouteBuilder MapBenchmarkBaseline(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Cohortly:Benchmarks:Baseline"))
        {
            app.MapGet("/bench/baseline", () => TypedResults.Ok(new BaselineResponse("ok", DateTimeOffset.UtcNow)))
                .ExcludeFromDescription();
        }
        return app;
    }
}
