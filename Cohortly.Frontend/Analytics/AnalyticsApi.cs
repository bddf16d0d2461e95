using Cohortly.Analytics;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Analytics;

public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/analytics").WithTags("Analytics").RequireAuthorization().RequireFeature(AnalyticsSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status403Forbidden);
        group.MapGet("/bootcamps/{bootcampId}", GetBootcampAsync).WithName("GetBootcampAnalytics")
            .WithSummary("A bootcamp's dashboard (staff of it, admin).")
            .WithDescription("Enrolled and active students, completion rate (0–1), average score, submissions on time / late / missing overall and " +
                "per assignment, the grade histogram, enrollments and active students per day in the bootcamp's time zone, and the at-risk " +
                "list with each student's score and reasons. docs/metrics.md defines every figure.");
        group.MapPut("/bootcamps/{bootcampId}/settings", SetSettingsAsync).WithName("SetBootcampAnalyticsSettings")
            .WithSummary("Set the time zone the day buckets follow (staff of it, admin).")
            .WithDescription("`timeZone`: an IANA id such as Europe/Berlin (UTC until set). Changing it recomputes the day buckets from the sources.");
        group.MapPost("/bootcamps/{bootcampId}/rebuild", RebuildAsync).WithName("RebuildBootcampAnalytics")
            .WithSummary("Recompute a bootcamp's projection from the roster, the submissions and the chat (admin).")
            .WithDescription("Admins. Answers 202 once the projection has been recomputed; the figures then equal what the events built.");
        group.MapGet("/platform", GetPlatformAsync).WithName("GetPlatformAnalytics")
            .WithSummary("The platform view (admin): users, active users, bootcamps, enrollments and revenue per month, completion per bootcamp.")
            .WithDescription("Months are calendar months in UTC (`YYYY-MM`). Revenue per month and currency: gross (before discounts), discounts, " +
                "refunds in the month they were made, and net.")
            .RequireAuthorization(AuthPolicies.Admin);
        return app;
    }

    public static async Task<Ok<BootcampAnalyticsResponse>> GetBootcampAsync(string bootcampId, [AsParameters] CallerContext context) =>
        TypedResults.Ok(BootcampAnalyticsResponse.From(await context.Grain<IBootcampAnalyticsGrain>(bootcampId).GetDashboardAsync(context.Caller)));

    public static async Task<Results<NoContent, ValidationProblem>> SetSettingsAsync(string bootcampId, AnalyticsSettingsBody body, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        errors.RequireText("timeZone", body.TimeZone, AnalyticsRules.MaxTimeZoneLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        await context.Grain<IBootcampAnalyticsGrain>(bootcampId).SetTimeZoneAsync(context.Caller, body.TimeZone!.Trim());
        return TypedResults.NoContent();
    }

    public static async Task<Accepted<RebuildResponse>> RebuildAsync(string bootcampId, [AsParameters] CallerContext context, TimeProvider time)
    {
        await context.Grain<IBootcampAnalyticsGrain>(bootcampId).RebuildAsync(context.Caller);
        return TypedResults.Accepted($"/api/analytics/bootcamps/{bootcampId}", new RebuildResponse(bootcampId, time.GetUtcNow()));
    }

    public static async Task<Ok<PlatformAnalyticsResponse>> GetPlatformAsync([AsParameters] CallerContext context) =>
        TypedResults.Ok(PlatformAnalyticsResponse.From(await context.Grain<IPlatformReaderGrain>(IPlatformReaderGrain.Key).GetPlatformAsync(context.Caller)));
}
