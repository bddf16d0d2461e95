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

    /// <summary>Embedded mode co-hosts a silo; cluster mode joins the cluster as a client.</summary>
    public static IHostApplicationBuilder AddCohortlyOrleans(this IHostApplicationBuilder builder) =>
        builder.Configuration.ReadCohortlyOptions().Mode == CohortlyMode.Embedded
            ? builder.AddCohortlySilo()
            : builder.AddCohortlyClient();

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
        app.MapScalarApiReference("/api-reference", options => options.WithTitle("Cohortly API"));
        return app;
    }

    /// <summary>The web app answers every page path (it routes in the browser); unknown API paths stay 404 problems.</summary>
    public static WebApplication MapWebApp(this WebApplication app)
    {
        app.MapFallbackToFile("{**path:" + WebPageRouteConstraint.Name + "}", "index.html",
            new StaticFileOptions { OnPrepareResponse = SetCacheHeaders });
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
