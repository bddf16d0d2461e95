using Microsoft.FeatureManagement;

namespace Cohortly.Frontend.Features;

/// <summary>
/// Switches for capabilities. Each feature registers its own flag in its Setup (<see cref="AddFeatureFlag"/>) and
/// gates its routes with it, so adding a feature does not edit a central list; <c>GET /api/features</c> lists them all
/// and a switched-off feature's routes answer 404 while the web app hides its pages.
/// </summary>
public static class FeatureFlags
{
    public static IServiceCollection AddFeatureFlag(this IServiceCollection services, string name) =>
        services.AddSingleton(new FeatureFlag(name));

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
