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
            .WithSummary("Set the time zone the day buckets follow and the previous cohort to compare with (staff of it, admin).")
            .WithDescription("`timeZone`: an IANA id such as Europe/Berlin (UTC until set). Changing it recomputes the day buckets from the sources. " +
                "`previousBootcampId` (optional; absent or null clears it): a bootcamp whose headline figures the dashboard shows as `previousCohort`; " +
                "the caller must be staff of both (or an admin), and it cannot be the bootcamp itself.");
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
        if (errors.RequireText("timeZone", body.TimeZone, AnalyticsRules.MaxTimeZoneLength) && !AnalyticsRules.IsKnownTimeZone(body.TimeZone!.Trim()))
        {
            // Checked before either setting changes, so a bad zone does not leave the comparison half-saved.
            errors.Add("timeZone", AnalyticsRules.UnknownTimeZone);
        }
        var previous = string.IsNullOrWhiteSpace(body.PreviousBootcampId) ? null : body.PreviousBootcampId.Trim();
        if (previous is { Length: > AnalyticsRules.MaxBootcampIdLength })
        {
            errors.Add("previousBootcampId", "There is no bootcamp with this id.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var analytics = context.Grain<IBootcampAnalyticsGrain>(bootcampId);
        // The comparison first: it refuses without changing anything, while a time zone change recomputes the day buckets.
        await analytics.SetPreviousCohortAsync(context.Caller, previous);
        await analytics.SetTimeZoneAsync(context.Caller, body.TimeZone!.Trim());
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
