using Cohortly.Analytics;
using CsvHelper;

namespace Cohortly.Integrations.Reports;

/// <summary>A report as RFC 4180 CSV (CsvHelper), written as its rows arrive: the download streams it, the weekly email attaches it.</summary>
public static class ReportsCsv
{
    /// <summary>
    /// The first rows go out at once and then every so often: the first byte is early and the client sees progress,
    /// without a flush (and a chunk) per row.
    /// </summary>
    private const int FlushRows = 2000;

    public static async Task WriteAsync(Stream stream, IReadOnlyList<string> columns, IAsyncEnumerable<ReportRow> rows, CancellationToken cancellation)
    {
        // Escape guards names someone typed against spreadsheet formula injection (a leading = + - @); numbers are written
        // as numbers, so a negative net is not taken for a formula.
        await using var csv = CsvWriter.Create(stream, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader([.. columns]);
        var written = 0;
        await foreach (var row in rows.WithCancellation(cancellation))
        {
            foreach (var key in row.Keys)
            {
                csv.WriteField(key);
            }
            foreach (var value in row.Values)
            {
                csv.WriteField(value, "");
            }
            await csv.EndRecordAsync(cancellation);
            if (++written % FlushRows == 1)
            {
                await csv.FlushAsync(cancellation);
            }
        }
        await csv.FlushAsync(cancellation);
    }
}
