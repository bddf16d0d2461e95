using System.Globalization;
using Cohortly.Analytics;
using Cohortly.Integrations.Certificates;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Cohortly.Integrations.Reports;

/// <summary>
/// A custom report as a PDF: the title, a chart of the first figure drawn as vectors (a line over days, weeks and months,
/// bars otherwise), then the whole table over as many A4 pages as it needs, its header repeated on each.
/// </summary>
public static class ReportsPdf
{
    private const double Margin = 40;
    private const double RowHeight = 14;
    private const double ChartHeight = 220;
    /// <summary>Bars beyond this many would be slivers; the table below has every row.</summary>
    private const int MaxBars = 40;

    private static readonly XColor Ink = XColor.FromArgb(33, 37, 41);
    private static readonly XColor Accent = XColor.FromArgb(37, 99, 235);
    private static readonly XColor Grid = XColor.FromArgb(200, 200, 200);

    public static async Task<byte[]> RenderAsync(string title, IReadOnlyList<string> columns, int keyCount, bool timeSeries,
        IReadOnlyList<ReportRow> rows, DateTimeOffset createdAt)
    {
        CertificateFonts.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.CreationDate = createdAt.UtcDateTime;
        var page = NewPage(document, out var gfx);
        try
        {
            var width = page.Width.Point - 2 * Margin;
            var y = Margin;
            gfx.DrawString(title, Font(15, bold: true), new XSolidBrush(Ink), new XRect(Margin, y, width, 20), XStringFormats.TopLeft);
            y += 26;
            gfx.DrawString($"Made {createdAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC · {rows.Count} rows", Font(8), new XSolidBrush(Ink),
                new XRect(Margin, y, width, 12), XStringFormats.TopLeft);
            y += 20;
            if (rows.Count > 0)
            {
                DrawChart(gfx, new XRect(Margin, y, width, ChartHeight), columns[keyCount], keyCount, timeSeries, rows);
                y += ChartHeight + 24;
            }
            var columnWidth = width / columns.Count;
            var pageBottom = page.Height.Point - Margin;
            y = DrawHeader(gfx, columns, columnWidth, y);
            foreach (var row in rows)
            {
                if (y + RowHeight > pageBottom)
                {
                    gfx.Dispose();
                    page = NewPage(document, out gfx);
                    y = DrawHeader(gfx, columns, columnWidth, Margin);
                }
                var cells = row.Keys.Concat(row.Values.Select(Number)).ToList();
                for (var i = 0; i < cells.Count; i++)
                {
                    var numeric = i >= keyCount;
                    gfx.DrawString(Fit(gfx, cells[i], columnWidth - 6), Font(8), new XSolidBrush(Ink),
                        new XRect(Margin + i * columnWidth + 3, y, columnWidth - 6, RowHeight), numeric ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
                }
                y += RowHeight;
            }
        }
        finally
        {
            gfx.Dispose();
        }
        using var output = new MemoryStream();
        await document.SaveAsync(output, closeStream: false);
        return output.ToArray();
    }

    public static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static PdfPage NewPage(PdfDocument document, out XGraphics gfx)
    {
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        gfx = XGraphics.FromPdfPage(page);
        return page;
    }

    private static double DrawHeader(XGraphics gfx, IReadOnlyList<string> columns, double columnWidth, double y)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            gfx.DrawString(Fit(gfx, columns[i], columnWidth - 6, bold: true), Font(8, bold: true), new XSolidBrush(Ink),
                new XRect(Margin + i * columnWidth + 3, y, columnWidth - 6, RowHeight), XStringFormats.CenterLeft);
        }
        y += RowHeight;
        gfx.DrawLine(new XPen(Grid, 0.7), Margin, y, Margin + columns.Count * columnWidth, y);
        return y + 2;
    }

    /// <summary>The first figure of each row: a line through the buckets in time, or one bar per row (at most <see cref="MaxBars"/>).</summary>
    private static void DrawChart(XGraphics gfx, XRect area, string figure, int keyCount, bool timeSeries, IReadOnlyList<ReportRow> rows)
    {
        var points = (timeSeries ? rows : rows.Take(MaxBars))
            .Select(r => (Label: string.Join(" ", r.Keys.Skip(keyCount == 1 ? 0 : 1)), Value: (double)(r.Values[0] ?? 0)))
            .ToList();
        var max = Math.Max(points.Max(p => p.Value), 0);
        var min = Math.Min(points.Min(p => p.Value), 0);
        var span = max - min == 0 ? 1 : max - min;
        var plot = new XRect(area.X + 50, area.Y + 14, area.Width - 60, area.Height - 44);
        var ink = new XSolidBrush(Ink);
        gfx.DrawString(figure, Font(9, bold: true), ink, new XRect(area.X, area.Y, area.Width, 12), XStringFormats.TopLeft);
        double Y(double value) => plot.Bottom - (value - min) / span * plot.Height;
        for (var tick = 0; tick <= 4; tick++)
        {
            var value = min + span * tick / 4;
            gfx.DrawLine(new XPen(Grid, 0.4), plot.Left, Y(value), plot.Right, Y(value));
            gfx.DrawString(value.ToString("0.##", CultureInfo.InvariantCulture), Font(7), ink,
                new XRect(area.X, Y(value) - 5, 46, 10), XStringFormats.CenterRight);
        }
        var step = plot.Width / Math.Max(points.Count, 1);
        if (timeSeries && points.Count > 1)
        {
            var line = points.Select((p, i) => new XPoint(plot.Left + step * (i + 0.5), Y(p.Value))).ToArray();
            gfx.DrawLines(new XPen(Accent, 1.5), line);
        }
        else
        {
            for (var i = 0; i < points.Count; i++)
            {
                var top = Y(Math.Max(points[i].Value, 0));
                var bottom = Y(Math.Min(points[i].Value, 0));
                gfx.DrawRectangle(new XSolidBrush(Accent), plot.Left + step * i + step * 0.15, top, step * 0.7, Math.Max(bottom - top, 0.5));
            }
        }
        // First and last labels under the axis (every label would overlap on a long series).
        var labels = points.Count <= 12 ? points.Select((p, i) => (p.Label, i)) : new[] { (points[0].Label, 0), (points[^1].Label, points.Count - 1) };
        foreach (var (label, i) in labels)
        {
            gfx.DrawString(Fit(gfx, label, Math.Max(step, 60) - 2), Font(6), ink,
                new XRect(plot.Left + step * i + step / 2 - Math.Max(step, 60) / 2, plot.Bottom + 4, Math.Max(step, 60), 10), XStringFormats.TopCenter);
        }
    }

    /// <summary>The text cut with an ellipsis to fit the width.</summary>
    private static string Fit(XGraphics gfx, string text, double width, bool bold = false)
    {
        var font = Font(8, bold);
        if (gfx.MeasureString(text, font).Width <= width)
        {
            return text;
        }
        var length = text.Length;
        while (length > 1 && gfx.MeasureString(text[..length] + "…", font).Width > width)
        {
            length--;
        }
        return text[..length] + "…";
    }

    private static XFont Font(double size, bool bold = false) => new(CertificateFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
}
