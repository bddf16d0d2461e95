using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.FeatureManagement;

namespace Cohortly.Frontend.Features;

public static class FeaturesApi
{
    public static IEndpointRouteBuilder MapFeaturesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/features", GetFeaturesAsync).WithTags("Features").WithName("GetFeatures")
            .WithSummary("Which capabilities are switched on, so clients can hide what is off.")
            .WithDescription("Public. One camelCase name per feature flag; a switched-off feature's routes answer 404.");
        return app;
    }

    public static async Task<Ok<FeaturesResponse>> GetFeaturesAsync(IFeatureManager features, IEnumerable<FeatureFlag> flags)
    {
        var states = new Dictionary<string, bool>();
        foreach (var flag in flags)
        {
            states[JsonNamingPolicy.CamelCase.ConvertName(flag.Name)] = await features.IsEnabledAsync(flag.Name);
        }
        return TypedResults.Ok(new FeaturesResponse(states));
    }
}
