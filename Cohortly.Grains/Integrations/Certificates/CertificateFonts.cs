using PdfSharp.Fonts;

namespace Cohortly.Integrations.Certificates;

/// <summary>
/// PDFsharp finds no fonts by itself on Linux: this resolver serves DejaVu Sans (Debian's <c>fonts-dejavu-core</c>), which
/// covers Latin, Greek and Cyrillic. No CJK font is installed on the build machines, so Chinese, Japanese and Korean
/// letters in a name print as empty boxes (the text layer and the signed proofs still carry them).
/// </summary>
public sealed class CertificateFonts : IFontResolver
{
    public const string Family = "Cohortly Sans";
    private const string Regular = "cohortly-regular";
    private const string Bold = "cohortly-bold";
    private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"];
    private static readonly Lock Gate = new();

    /// <summary>PDFsharp keeps one resolver per process: set it once, before the first document.</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not CertificateFonts)
            {
                GlobalFontSettings.FontResolver = new CertificateFonts();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular);

    public byte[]? GetFont(string faceName)
    {
        var file = faceName == Bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf";
        foreach (var folder in Folders)
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path))
            {
                return File.ReadAllBytes(path);
            }
        }
        throw new InvalidOperationException($"{file} was not found in {string.Join(" or ", Folders)}: install the fonts-dejavu-core package.");
    }
}
