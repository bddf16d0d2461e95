using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Cohortly.Frontend.Accounts;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// Every request is counted: per user when signed in (a proxy in front must not make everyone one bucket), per client
/// address otherwise. Features add stricter named policies for their costly routes (sign-in, uploads). A refusal is a
/// 429 problem with Retry-After, whichever limiter refused.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddCohortlyRateLimits(this IServiceCollection services)
    {
        services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<EdgeOptions>>((forwarded, edge) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in edge.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (http.Request.Path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("health");
                }
                var edge = http.RequestServices.GetRequiredService<IOptions<EdgeOptions>>().Value;
                return http.User.Identity?.IsAuthenticated == true
                    ? PerMinute("user:" + http.User.UserIdOf(), edge.UserRequestsPerMinute)
                    : PerMinute("address:" + ClientAddress(http), edge.AnonymousRequestsPerMinute);
            });
            limiter.OnRejected = WriteRateLimitProblemAsync;
        });
        return services;
    }

    /// <summary>Believes forwarded headers only from <see cref="EdgeOptions.KnownProxies"/>; with none configured, reads none.</summary>
    public static IApplicationBuilder UseCohortlyForwardedHeaders(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<EdgeOptions>>().Value.KnownProxies.Length > 0 ? app.UseForwardedHeaders() : app;

    /// <summary>The client's address as this front end may believe it (see <see cref="UseCohortlyForwardedHeaders"/>).</summary>
    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    private static async ValueTask WriteRateLimitProblemAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = Problems.TypeBase + "rate-limited",
                Title = "Too many requests from this client.",
                Detail = $"Try again in {seconds} seconds.",
            },
        });
    }
}
