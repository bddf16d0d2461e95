namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// Ids in paths are ours (32 hex characters) or a client's short strings. A 10 KB "id" would otherwise reach a grain and
/// activate it under that key; it names nothing, so it answers 404 before any handler runs. The request line itself may
/// be up to <see cref="MaxRequestLineBytes"/> so that such a path reaches this check (and its problem document) instead
/// of Kestrel's bare 414.
/// </summary>
public static class RouteValueLimits
{
    public const int MaxRouteValueChars = 200;

    public const int MaxRequestLineBytes = 16 * 1024;

    public static IApplicationBuilder UseRouteValueLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        foreach (var (name, value) in http.Request.RouteValues)
        {
            if (value is string { Length: > MaxRouteValueChars })
            {
                await Problems.Create(StatusCodes.Status404NotFound, "not-found", $"There is no such {name}.").ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    });
}
