using Cohortly.Frontend.Notifications;
using Microsoft.AspNetCore.SignalR;

namespace Cohortly.Frontend.Benchmarks;

public sealed record BaselineResponse(string Status, DateTimeOffset At);

/// <summary>A SignalR hub with nothing behind it: the bare broadcast the notification fan-out is compared with.</summary>
public sealed class BareBroadcastHub : Hub;

/// <summary>
/// Bare baselines, mapped only when <c>Cohortly:Benchmarks:Baseline</c> is true, so load drivers can report
/// every figure as a ratio to what this same process does with no grain, auth or validation in the path.
/// </summary>
public static class BaselineApi
{
    public static IEndpointRouteBuilder MapBenchmarkBaseline(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Cohortly:Benchmarks:Baseline"))
        {
            app.MapGet("/bench/baseline", () => TypedResults.Ok(new BaselineResponse("ok", DateTimeOffset.UtcNow)))
                .ExcludeFromDescription();
            app.MapHub<BareBroadcastHub>("/bench/hubs/bare");
            // The same payload shape the real hub sends, to every connection of the bare hub.
            app.MapPost("/bench/bare-broadcast", async (NotificationResponse payload, IHubContext<BareBroadcastHub> hub) =>
            {
                await hub.Clients.All.SendAsync("notification", payload);
                return TypedResults.Accepted((string?)null);
            }).ExcludeFromDescription();
        }
        return app;
    }
}
