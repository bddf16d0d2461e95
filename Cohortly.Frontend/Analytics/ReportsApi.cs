using System.Globalization;
using Cohortly.Analytics;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Integrations.Reports;
using CsvHelper;
using CsvWriter = CsvHelper.CsvWriter;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Analytics;

public static class ReportsApi
{
    /// <summary>
    /// The response starts once this many CSV rows are written, then every so often: the first byte goes out fast and the
    /// client sees progress, without a flush (and a chunk) per row.
    /// </summary>
    private const int CsvFlushRows = 2000;

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
        return app;
    }

    public static async Task<Results<Ok<ReportResponse>, PushStreamHttpResult, FileContentHttpResult, ValidationProblem>> GetReportAsync(
        string? metric, string? groupBy, string? from, string? to, string? bootcampId, string? format, [AsParameters] CallerContext context,
        TimeProvider time)
    {
        var errors = new FieldErrors();
        errors.Require("metric", metric);
        errors.Require("groupBy", groupBy);
        var first = Day(errors, "from", from);
        var last = Day(errors, "to", to);
        format ??= "json";
        if (!ReportsRules.Formats.Contains(format))
        {
            errors.Add("format", "Choose json, csv or pdf.");
        }
        var query = new ReportQuery(metric ?? "", groupBy ?? "", first, last, string.IsNullOrWhiteSpace(bootcampId) ? null : bootcampId.Trim());
        if (!errors.Any)
        {
            errors.AddAll(ReportsRules.Validate(query));
        }
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
                return TypedResults.Stream(stream => WriteCsvAsync(stream, columns, run.RowsAsync(), aborted), "text/csv; charset=utf-8", name + ".csv");
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

    /// <summary>Rows go to the response as the grains hand them out; only a batch is ever held here.</summary>
    private static async Task WriteCsvAsync(Stream stream, IReadOnlyList<string> columns, IAsyncEnumerable<ReportRow> rows, CancellationToken aborted)
    {
        // Escape guards names someone typed against spreadsheet formula injection (a leading = + - @); numbers are written
        // as numbers, so a negative net is not taken for a formula.
        await using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader([.. columns]);
        var written = 0;
        await foreach (var row in rows.WithCancellation(aborted))
        {
            foreach (var key in row.Keys)
            {
                csv.WriteField(key);
            }
            foreach (var value in row.Values)
            {
                csv.WriteField(value, "");
            }
            await csv.EndRecordAsync(aborted);
            if (++written % CsvFlushRows == 1)
            {
                await csv.FlushAsync(aborted);
            }
        }
        await csv.FlushAsync(aborted);
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
