using System.ComponentModel.DataAnnotations;

namespace Cohortly.Integrations.Images;

/// <summary>The <c>Cohortly:Images</c> section.</summary>
public sealed class ImagesOptions
{
    public const string Section = "Cohortly:Images";

    /// <summary>
    /// Images declaring more pixels are refused before decoding. A 117 KB PNG declaring 6000×6000 cost ~220 MB and ~25 s
    /// of a core to decode here (FACTS.md); 40 million pixels is ~160 MB of RGBA.
    /// </summary>
    [Range(1, 100_000_000)]
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>The longer side of a thumbnail, in pixels.</summary>
    [Range(16, 2048)]
    public int ThumbnailEdge { get; set; } = 320;
}
