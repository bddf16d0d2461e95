using Cohortly.Frontend.Admin;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Health;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Silo.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using Microsoft.FeatureManagement;
using Scalar.AspNetCore;

namespace Cohortly.Frontend.Infrastructure;

public static class WebSetup
{
    /// <summary>JSON bodies beyond this are refused with 413 before they are read; uploads will raise it per endpoint.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>The interactive API reference at <c>/api-reference</c>.</summary>
    public const string ApiReferenceFlag = "ApiReference";

    /// <summary>Embedded mode co-hosts a silo; cluster mode joins the cluster as a client and retries what it may repeat.</summary>
    public static IHostApplicationBuilder AddCohortlyOrleans(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.ReadCohortlyOptions().Mode == CohortlyMode.Embedded)
        {
            return builder.AddCohortlySilo();
        }
        builder.AddCohortlyClient();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IOutgoingGrainCallFilter, IdempotentCallRetry>();
        return builder;
    }

    public static WebApplicationBuilder AddCohortlyWeb(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestLineSize = RouteValueLimits.MaxRequestLineBytes;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddCohortlyRateLimits();
        // Unreadable bodies reach the exception handler, which says what was wrong instead of a bare 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddCohortlyOpenApi();
        builder.Services.Configure<RouteOptions>(routes => routes.SetParameterPolicy<WebPageRouteConstraint>(WebPageRouteConstraint.Name));
        builder.Services.AddFeatureManagement();
        builder.Services.AddFeatureFlag(ApiReferenceFlag);
        builder.Services.AddCohortlyHealthChecks();
        return builder;
    }

    public static WebApplication UseCohortlyPipeline(this WebApplication app)
    {
        app.UseCohortlyForwardedHeaders();
        app.UseCohortlySecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // Browsers that once reached Cohortly over HTTPS never fall back to plain HTTP (sent on HTTPS answers only).
            app.UseHsts();
        }
        app.UseExceptionHandler();
        // Bodiless 4xx answers (401, 403, 404, 405, 415 …) become problem details too.
        app.UseStatusCodePages();
        app.UseRouteValueLimits();
        app.UseFeatureGate("/dashboard", AdminSetup.DashboardFlag);
        app.UseFeatureGate("/api-reference", ApiReferenceFlag);
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = SetCacheHeaders });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/api-reference", options =>
        {
            options.WithTitle("Cohortly API");
            // A way back: the reference is a server page outside the web app, with no header of its own.
            options.HeaderContent = """<nav aria-label="Cohortly" style="padding:0.5rem 1rem;font:600 0.95rem system-ui,sans-serif"><a href="/">← Back to Cohortly</a></nav>""";
        });
        return app;
    }

    /// <summary>
    /// The web app answers every page path (it routes in the browser): 200 for the pages routes.tsx names, 404 for the rest
    /// (the app shows its not-found page). Unknown API paths stay 404 problems.
    /// </summary>
    public static WebApplication MapWebApp(this WebApplication app)
    {
        var webRoot = app.Environment.WebRootFileProvider;
        var pages = new WebRoutes(webRoot);
        app.MapFallback("{**path:" + WebPageRouteConstraint.Name + "}", async (HttpContext http) =>
        {
            var shell = webRoot.GetFileInfo("index.html");
            if (!shell.Exists)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            http.Response.StatusCode = pages.IsPage(http.Request.Path.Value ?? "/") ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
            await http.Response.SendFileAsync(shell);
        })
        // Like MapFallbackToFile: pages are fetched, so a POST with a wrong media type to an API route still finds that
        // route's 415 instead of this catch-all.
        .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
        .ExcludeFromDescription();
        return app;
    }

    private static void SetCacheHeaders(StaticFileResponseContext context)
    {
        // Vite fingerprints everything under /assets, so those never change; index.html must always be revalidated.
        context.Context.Response.Headers[HeaderNames.CacheControl] = context.Context.Request.Path.StartsWithSegments("/assets")
            ? "public, max-age=31536000, immutable"
            : "no-cache";
    }
}
