using Cohortly.Frontend.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Infrastructure.Home;

public static class HomeApi
{
    /// <summary>What a card that failed shows instead of its content; the log has the cause.</summary>
    public const string CardFailed = "This part of your home could not be loaded. Reload the page to try again.";

    public static IEndpointRouteBuilder MapHomeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/home", GetAsync).RequireAuthorization().WithTags("Home")
            .WithName("MyHome").WithSummary("The caller's home: the cards their roles get, built in one call.")
            .WithDescription("Cards come from the features (each registers its own); a card the caller's roles do not get is left out, " +
                "a card with nothing to show is left out, and a card that fails has `error` set instead of `data`: the home never " +
                "fails because one card did.")
            .WithHomeCardSchemas();
        return app;
    }

    /// <summary>
    /// One route for the whole home, not one per card: a phone pays one round trip and the token is checked once, and the
    /// cards' grain reads run side by side on the server instead of as a waterfall of requests from the page.
    /// </summary>
    public static async Task<Ok<HomeResponse>> GetAsync([AsParameters] CallerContext context, IEnumerable<IHomeCard> cards, ILoggerFactory loggers)
    {
        var caller = context.Caller;
        var logger = loggers.CreateLogger(typeof(HomeApi).FullName!);
        var mine = cards.Where(card => card.Roles.Any(caller.Has)).OrderBy(card => card.Order).ToList();
        var built = await Task.WhenAll(mine.Select(async card =>
        {
            try
            {
                var data = await card.BuildAsync(context);
                return data is null ? null : new HomeCardResponse(card.Kind, data, null);
            }
            catch (Exception e) when (!context.Http.RequestAborted.IsCancellationRequested)
            {
                logger.LogWarning(e, "Home card {Kind} failed for user {UserId}", card.Kind, caller.UserId);
                return new HomeCardResponse(card.Kind, null, CardFailed);
            }
        }));
        return TypedResults.Ok(new HomeResponse([.. built.OfType<HomeCardResponse>()]));
    }

}
