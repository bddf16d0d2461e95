namespace Cohortly.Frontend.Infrastructure;

/// <summary>Headers every response carries; the content security policy depends on what is being served.</summary>
public static class SecurityHeaders
{
    /// <summary>The web app: only our own scripts, styles and connections (which include SignalR's WebSocket).</summary>
    public const string AppPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "font-src 'self'; manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'self'; " +
        "form-action 'self'; object-src 'none'";

    /// <summary>Third-party tool pages (API reference, Orleans dashboard) ship inline scripts and styles.</summary>
    public const string ToolPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>JSON and everything else: nothing may load or frame it.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseCohortlySecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "geolocation=(), microphone=(), payment=()";
                headers.ContentSecurityPolicy = PolicyFor(context.Request.Path);
                return Task.CompletedTask;
            });
            await next(context);
        });

    private static string PolicyFor(PathString path)
    {
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/health")
            || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/dev") || path.StartsWithSegments("/files"))
        {
            return ApiPolicy;
        }
        if (path.StartsWithSegments("/api-reference") || path.StartsWithSegments("/dashboard") || path.StartsWithSegments("/scalar"))
        {
            return ToolPolicy;
        }
        return AppPolicy;
    }
}
