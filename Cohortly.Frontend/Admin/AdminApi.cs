using Cohortly.Bootcamps;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Bootcamps;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Cohortly.Frontend.Admin;

public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/dashboard-session", OpenDashboardSession)
            .WithTags("Admin").WithName("OpenDashboardSession")
            .WithSummary("Hand the admin's token to the Orleans dashboard as a cookie scoped to /dashboard.")
            .WithDescription("Admins. Sets an HttpOnly, SameSite=Strict cookie so the dashboard, opened by navigation, is signed in. 404 while the Dashboard feature is off.")
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAuthorization(AuthPolicies.Admin)
            .RequireFeature(AdminSetup.DashboardFlag);
        app.MapPost("/api/admin/recount", RecountAsync)
            .WithTags("Admin").WithName("Recount")
            .WithSummary("Recompute every bootcamp's seat count from its enrollments and each student's progress from their submissions, fix any that drifted and say which (admin).")
            .WithDescription("Admins. Also runs weekly on its own. A seat a crash left without an enrollment is given back; a student's progress " +
                "(assignments handed in, average, late count) that disagrees with their submissions is put back; what is right is left alone. " +
                "Answers how many bootcamps and students were checked and each count and progress fixed, with what it was and is now.")
            .RequireAuthorization(AuthPolicies.Admin);
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(AuthPolicies.Admin);
        return app;
    }

    public static async Task<Ok<RecountResponse>> RecountAsync([AsParameters] CallerContext context)
    {
        var report = await context.Grain<IRecountGrain>(IRecountGrain.Key).RecountAsync(context.Caller);
        return TypedResults.Ok(new RecountResponse(report.BootcampsChecked,
            [.. report.DriftFixed.Select(d => new DriftResponse(d.BootcampId, d.What, d.Was, d.Now))],
            report.StudentsChecked,
            [.. report.ProgressFixed.Select(p => new ProgressDriftResponse(p.BootcampId, p.StudentId, ProgressResponse.From(p.Was), ProgressResponse.From(p.Now)))]));
    }

    public static NoContent OpenDashboardSession(HttpContext http, IOptions<AuthOptions> auth)
    {
        var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        // HttpOnly and SameSite=Strict: scripts cannot read it and other sites cannot ride on it.
        http.Response.Cookies.Append(AccountsSetup.DashboardCookie, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/dashboard",
            MaxAge = auth.Value.AccessTokenLifetime,
        });
        return TypedResults.NoContent();
    }
}
