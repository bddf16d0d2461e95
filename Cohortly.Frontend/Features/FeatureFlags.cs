using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.FeatureManagement;

namespace Cohortly.Frontend.Features;

/// <summary>
/// Every capability that configuration can switch off (<c>FeatureManagement:&lt;Name&gt;</c>). Each feature
/// issue adds its name here; a switched-off feature's routes answer 404 and the web app hides its pages.
/// </summary>
public static class FeatureFlags
{
    public const string ApiReference = "ApiReference";
    public const string Dashboard = "Dashboard";

    public static readonly IReadOnlyList<string> All = [ApiReference, Dashboard];

    /// <summary>Makes every endpoint of the builder answer 404 while the feature is off.</summary>
    public static TBuilder RequireFeature<TBuilder>(this TBuilder builder, string feature)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var features = context.HttpContext.RequestServices.GetRequiredService<IFeatureManager>();
            return await features.IsEnabledAsync(feature) ? await next(context) : TypedResults.NotFound();
        });

    /// <summary>For endpoints that are not route handlers (the dashboard, the API reference): checked in middleware.</summary>
    public static IApplicationBuilder UseFeatureGate(this IApplicationBuilder app, PathString prefix, string feature) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(prefix)
                && !await context.RequestServices.GetRequiredService<IFeatureManager>().IsEnabledAsync(feature))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(context);
        });
}

public sealed record FeaturesResponse(IReadOnlyDictionary<string, bool> Features);

public static class FeaturesApi
{
    public static IEndpointRouteBuilder MapFeaturesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/features", GetFeaturesAsync).WithTags("Features").WithName("GetFeatures")
            .WithSummary("Which capabilities are switched on, so clients can hide what is off.")
            .WithDescription("Public. One camelCase name per feature flag; a switched-off feature's routes answer 404.");
        return app;
    }

    public static async Task<Ok<FeaturesResponse>> GetFeaturesAsync(IFeatureManager features)
    {
        var states = new Dictionary<string, bool>();
        foreach (var name in FeatureFlags.All)
        {
            states[JsonNamingPolicy.CamelCase.ConvertName(name)] = await features.IsEnabledAsync(name);
        }
        return TypedResults.Ok(new FeaturesResponse(states));
    }
}
