namespace Cohortly.Integrations.Images;

/// <summary>Turns an uploaded image into what is stored and served: metadata stripped, upright, with a thumbnail.</summary>
public interface IImageProcessor
{
    /// <summary>Every thumbnail is a JPEG, whichever adapter made it: download links and previews rely on it.</summary>
    const string ThumbnailContentType = "image/jpeg";

    /// <summary>The stripped image and its thumbnail, or null with the reason (for the uploader) the image was refused.</summary>
    (ProcessedImage? Result, string? Problem) Process(Stream source);
}
