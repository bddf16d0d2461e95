using PdfSharp.Fonts;
using SkiaSharp;

namespace Cohortly.Integrations.Certificates;

/// <summary>
/// PDFsharp finds no fonts by itself on Linux: this resolver serves DejaVu Sans (Debian's <c>fonts-dejavu-core</c>:
/// Latin, Greek, Cyrillic and more) and, for the letters DejaVu lacks (Chinese, Japanese, Korean), Droid Sans Fallback
/// (Debian's <c>fonts-droid-fallback</c>, one plain TrueType file, which PDFsharp can embed where it cannot read the
/// Noto CJK collections). PDFsharp draws a string in one font, so <see cref="CertificateText"/> splits text into runs
/// by which font has each letter. Without the fallback font installed those letters print as empty boxes (the text
/// layer and the signed proofs still carry them).
/// </summary>
public sealed class CertificateFonts : IFontResolver
{
    public const string Family = "Cohortly Sans";
    public const string FallbackFamily = "Cohortly Sans Fallback";
    private const string Regular = "cohortly-regular";
    private const string Bold = "cohortly-bold";
    private const string Fallback = "cohortly-fallback";
    private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"];
    private static readonly string[] FallbackFiles =
        ["/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf"];
    private static readonly Lock Gate = new();
    // Skia answers which letters a font file has (its cmap); PDFsharp has no public way to ask.
    private static readonly Lazy<SKFont> PrimaryCoverage = new(() => new SKFont(SKTypeface.FromData(SKData.CreateCopy(Read("DejaVuSans.ttf")))));
    private static readonly Lazy<SKFont?> FallbackCoverage = new(() =>
        FallbackFile() is { } path ? new SKFont(SKTypeface.FromData(SKData.CreateCopy(File.ReadAllBytes(path)))) : null);

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

    /// <summary>Whether a CJK-capable fallback font is installed here.</summary>
    public static bool HasFallback => FallbackCoverage.Value is not null;

    /// <summary>The family that draws <paramref name="codePoint"/>: DejaVu when it has the letter, else the fallback when that has it.</summary>
    public static string FamilyFor(int codePoint) =>
        PrimaryCoverage.Value.GetGlyph(codePoint) == 0 && FallbackCoverage.Value?.GetGlyph(codePoint) is > 0 ? FallbackFamily : Family;

    // The fallback font has no bold face: PDFsharp thickens the strokes instead.
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        familyName == FallbackFamily && HasFallback ? new FontResolverInfo(Fallback, bold, false) : new FontResolverInfo(bold ? Bold : Regular);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        Fallback => File.ReadAllBytes(FallbackFile()!),
        Bold => Read("DejaVuSans-Bold.ttf"),
        _ => Read("DejaVuSans.ttf"),
    };

    private static string? FallbackFile() => FallbackFiles.FirstOrDefault(File.Exists);

    private static byte[] Read(string file)
    {
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
