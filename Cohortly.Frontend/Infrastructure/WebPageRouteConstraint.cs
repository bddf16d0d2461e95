namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// Matches paths the web app routes itself: not a file, and not under a server-owned prefix, so
/// <c>/api/typo</c> stays a 404 problem and a wrong method or media type stays a 405 or 415.
/// </summary>
public sealed class WebPageRouteConstraint : IRouteConstraint
{
    public const string Name = "webpage";

    private static readonly string[] ServerPrefixes = ["api", "hubs", "dev", "health", "openapi", "dashboard", "api-reference", "bench", "files"];

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        var path = values.TryGetValue(routeKey, out var value) ? value?.ToString() ?? "" : "";
        var firstSegment = path.Split('/', 2)[0];
        var lastSegment = path[(path.LastIndexOf('/') + 1)..];
        return !ServerPrefixes.Contains(firstSegment, StringComparer.OrdinalIgnoreCase) && !lastSegment.Contains('.', StringComparison.Ordinal);
    }
}
