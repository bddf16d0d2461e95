namespace Cohortly.Integrations.Images;

/// <summary>Turns an uploaded image into what is stored and served: metadata stripped, upright, with a thumbnail.</summary>
public interface IImageProcessor
{
    /// <summary>Every thumbnail is a JPEG, whichever adapter made it: download links and previews rely on it.</summary>
    const string ThumbnailContentType = "image/jpeg";

    /// <summary>
    /// The stripped image and its thumbnail, or the reason (for the uploader) the image was refused. The header's
    /// dimensions are checked against <paramref name="budget"/> before a pixel is decoded.
    /// </summary>
    ImageOutcome Process(Stream source, PixelBudget budget);
}

/// <summary>
/// What one purpose lets an image declare. <see cref="StoredEdge"/>, when set, is the longest side kept: larger images
/// are decoded scaled (JPEG and WebP decoders skip the pixels they would throw away) instead of decoded whole.
/// </summary>
public sealed record PixelBudget(int MaxEdge, long MaxPixels, int? StoredEdge = null);

/// <summary>A processed image, or why it was refused; <see cref="OverBudget"/> means it declared too many pixels (413, not 422).</summary>
public sealed record ImageOutcome(ProcessedImage? Result, string? Problem, bool OverBudget = false)
{
    public static ImageOutcome Refused(string problem, bool overBudget = false) => new(null, problem, overBudget);
}
