using System.Globalization;
using Cohortly.Analytics;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Integrations.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Analytics;

public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/analytics").WithTags("Analytics").RequireAuthorization().RequireFeature(AnalyticsSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status403Forbidden);
        group.MapGet("/reports", GetReportAsync).WithName("GetAnalyticsReport")
            .WithSummary("A custom report: one metric grouped by bootcamp, assignment, student, day, week or month (staff of the bootcamps, admins).")
            .WithDescription("`metric`: enrollments, submissions, onTime, late, missing, averageScore, completion, activeStudents or revenue " +
                "(revenue: admins only). `groupBy`: bootcamp, assignment, student, day, week (ISO, `2026-W45`) or month (`YYYY-MM`). A combination " +
                "that means nothing (revenue by assignment, completion by day) is a 400 saying why. `from`/`to`: inclusive days `YYYY-MM-DD` in " +
                "each bootcamp's time zone. Without `bootcampId`, every bootcamp the caller teaches (admins: all) is in the report. `format`: " +
                "json (default, `{columns, rows}`), csv (streamed as it is produced) or pdf (a chart and the table; at most 5,000 rows). " +
                "docs/metrics.md defines every figure.")
            .ProducesContent(StatusCodes.Status200OK, "text/csv", "`format=csv`: the header, then one line per row.")
            .ProducesContent(StatusCodes.Status200OK, "application/pdf", "`format=pdf`: the chart and the table.");
        group.MapPost("/reports/saved", SaveAsync).WithName("SaveAnalyticsReport")
            .WithSummary("Save a report under a name; it is emailed to you weekly with its CSV attached.")
            .WithDescription("The same query fields as `GET /api/analytics/reports` (checked the same way: 400, 403, 404), plus `name`. " +
                "At most 20 per user.");
        group.MapGet("/reports/saved", ListSavedAsync).WithName("ListSavedAnalyticsReports")
            .WithSummary("Your saved reports (at most 20).")
            .WithDescription("Only your own: each with its name and query, emailed to you weekly while it is saved.");
        group.MapDelete("/reports/saved/{reportId}", DeleteSavedAsync).WithName("DeleteSavedAnalyticsReport")
            .WithSummary("Stop a saved report and its weekly email.")
            .WithDescription("204 when removed; 404 when you have no saved report with that id (another user's included).");
        group.MapPost("/reports/saved/{reportId}/send", SendSavedAsync).WithName("SendSavedAnalyticsReport")
            .WithSummary("Send this week's email of a saved report now.")
            .WithDescription("202 once the email is in the outbox. The weekly run and this share the week's email: it goes out once a week.");
        return app;
    }

    public static async Task<Results<Ok<ReportResponse>, PushStreamHttpResult, FileContentHttpResult, ValidationProblem>> GetReportAsync(
        string? metric, string? groupBy, string? from, string? to, string? bootcampId, string? format, [AsParameters] CallerContext context,
        TimeProvider time)
    {
        var errors = new FieldErrors();
        format ??= "json";
        if (!ReportsRules.Formats.Contains(format))
        {
            errors.Add("format", "Choose json, csv or pdf.");
        }
        var query = Parse(errors, metric, groupBy, from, to, bootcampId);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var run = context.Grain<IReportRunGrain>(Guid.NewGuid().ToString("N"));
        var columns = await run.OpenAsync(context.Caller, query);
        var aborted = context.Http.RequestAborted;
        var name = $"report-{query.Metric}-by-{query.GroupBy}";
        switch (format)
        {
            case "csv":
                return TypedResults.Stream(stream => ReportsCsv.WriteAsync(stream, columns, run.RowsAsync(), aborted), "text/csv; charset=utf-8", name + ".csv");
            case "pdf":
                var rows = new List<ReportRow>();
                await foreach (var row in run.RowsAsync().WithCancellation(aborted))
                {
                    if (rows.Count == ReportsRules.PdfRowLimit)
                    {
                        return FieldErrors.Of("format", $"This report has more than {ReportsRules.PdfRowLimit:N0} rows, too many for a PDF: " +
                            "choose fewer days or another grouping, or download the CSV.").ToProblem();
                    }
                    rows.Add(row);
                }
                var pdf = await ReportsPdf.RenderAsync(Title(query), columns, ReportsRules.KeyCount(query.Metric, query.GroupBy),
                    ReportsRules.IsTimeSeries(query.GroupBy), rows, time.GetUtcNow());
                return TypedResults.File(pdf, "application/pdf", name + ".pdf");
            default:
                var cells = new List<object?[]>();
                await foreach (var row in run.RowsAsync().WithCancellation(aborted))
                {
                    cells.Add([.. row.Keys, .. row.Values.Cast<object?>()]);
                }
                return TypedResults.Ok(new ReportResponse(columns, cells));
        }
    }

    public static async Task<Results<Created<SavedReportResponse>, ValidationProblem>> SaveAsync(SaveReportRequest request, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        errors.RequireText("name", request.Name, ReportsRules.MaxSavedReportName);
        var query = Parse(errors, request.Metric, request.GroupBy, request.From, request.To, request.BootcampId);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var saved = await Saved(context).SaveAsync(context.Caller, request.Name!, query);
        return TypedResults.Created($"/api/analytics/reports/saved/{saved.ReportId}", SavedReportResponse.Of(saved));
    }

    public static async Task<Ok<SavedReportResponse[]>> ListSavedAsync([AsParameters] CallerContext context) =>
        TypedResults.Ok((await Saved(context).ListAsync(context.Caller)).Select(SavedReportResponse.Of).ToArray());

    public static async Task<NoContent> DeleteSavedAsync(string reportId, [AsParameters] CallerContext context)
    {
        await Saved(context).DeleteAsync(context.Caller, reportId);
        return TypedResults.NoContent();
    }

    public static async Task<Accepted> SendSavedAsync(string reportId, [AsParameters] CallerContext context)
    {
        await Saved(context).SendNowAsync(context.Caller, reportId);
        return TypedResults.Accepted((string?)null);
    }

    private static ISavedReportsGrain Saved(CallerContext context) => context.Grain<ISavedReportsGrain>(context.Caller.UserId);

    /// <summary>The query's shape checked here; whether it means something, by the rules the grains apply too.</summary>
    private static ReportQuery Parse(FieldErrors errors, string? metric, string? groupBy, string? from, string? to, string? bootcampId)
    {
        errors.Require("metric", metric);
        errors.Require("groupBy", groupBy);
        var query = new ReportQuery(metric ?? "", groupBy ?? "", Day(errors, "from", from), Day(errors, "to", to),
            string.IsNullOrWhiteSpace(bootcampId) ? null : bootcampId.Trim());
        if (!errors.Any)
        {
            errors.AddAll(ReportsRules.Validate(query));
        }
        return query;
    }

    private static DateOnly? Day(FieldErrors errors, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors.Add(field, "Give a day as YYYY-MM-DD.");
        return null;
    }

    private static string Title(ReportQuery query) =>
        $"{query.Metric} by {query.GroupBy}" +
        (query.BootcampId is { } id ? $", bootcamp {id}" : ", all your bootcamps") +
        (query.From is null && query.To is null ? "" : $", {query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"} to {query.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"}");
}
