using System.Text;
using PdfSharp.Drawing;

namespace Cohortly.Integrations.Certificates;

/// <summary>
/// Text in any script on the certificate: split into runs, each in the first font that has its letters
/// (<see cref="CertificateFonts.FamilyFor"/>), measured and drawn side by side on one baseline.
/// </summary>
public sealed class CertificateText
{
    private readonly List<(string Text, XFont Font)> _runs = [];

    public CertificateText(string text, double size, XFontStyleEx style = XFontStyleEx.Regular)
    {
        Size = size;
        var run = new StringBuilder();
        string? family = null;
        foreach (var rune in text.EnumerateRunes())
        {
            // Spaces and marks stay with the run they are in: they are in every font and must not split a name.
            var wanted = Rune.IsWhiteSpace(rune) || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.NonSpacingMark
                ? family ?? CertificateFonts.Family
                : CertificateFonts.FamilyFor(rune.Value);
            if (family is not null && wanted != family)
            {
                _runs.Add((run.ToString(), new XFont(family, size, style)));
                run.Clear();
            }
            family = wanted;
            run.Append(rune.ToString());
        }
        if (family is not null)
        {
            _runs.Add((run.ToString(), new XFont(family, size, style)));
        }
    }

    public double Size { get; }

    public double Width(XGraphics gfx) => _runs.Sum(r => gfx.MeasureString(r.Text, r.Font).Width);

    /// <summary>Draws with the top of the line at <paramref name="top"/>, starting at <paramref name="left"/>.</summary>
    public void Draw(XGraphics gfx, XBrush brush, double left, double top)
    {
        // One baseline for every run, whatever each font's own ascent: DejaVu's ascent is about 0.93 em.
        var baseline = top + Size * 0.93;
        foreach (var (text, font) in _runs)
        {
            gfx.DrawString(text, font, brush, left, baseline, XStringFormats.BaseLineLeft);
            left += gfx.MeasureString(text, font).Width;
        }
    }

    public void DrawCentered(XGraphics gfx, XBrush brush, XRect area, double top) =>
        Draw(gfx, brush, area.X + (area.Width - Width(gfx)) / 2, top);
}
