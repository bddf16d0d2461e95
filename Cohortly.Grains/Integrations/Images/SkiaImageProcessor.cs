using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Cohortly.Integrations.Images;

/// <summary>
/// Decodes with SkiaSharp, turns the pixels upright by the EXIF orientation (Skia does not apply it), and
/// re-encodes: an encoder writes pixels only, so EXIF (GPS position, camera serial) and other metadata are gone.
/// </summary>
public sealed class SkiaImageProcessor(IOptions<ImagesOptions> options) : IImageProcessor
{
    private readonly ImagesOptions _options = options.Value;

    public ImageOutcome Process(Stream source, PixelBudget budget)
    {
        using var codec = SKCodec.Create(source);
        if (codec is null)
        {
            return ImageOutcome.Refused("The image could not be decoded.");
        }
        // The header's dimensions, read before decoding: a 117 KB file can declare 36 million pixels, ~220 MB to decode.
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var maxPixels = Math.Min(budget.MaxPixels, _options.MaxPixels);
        if (width > budget.MaxEdge || height > budget.MaxEdge || (long)width * height > maxPixels)
        {
            return ImageOutcome.Refused(
                $"The image is {width}×{height} pixels; at most {budget.MaxEdge}×{budget.MaxEdge} and {maxPixels / 1_000_000} megapixels are accepted here.",
                overBudget: true);
        }
        var format = codec.EncodedFormat;
        using var decoded = Decode(codec, budget.StoredEdge);
        if (decoded is null)
        {
            return ImageOutcome.Refused("The image could not be decoded.");
        }
        using var upright = Orient(decoded, codec.EncodedOrigin);
        using var kept = budget.StoredEdge is { } edge ? Shrink(upright, edge) : null;
        var stored = kept ?? upright;
        var image = format switch
        {
            // Skia cannot write GIF; a GIF carries no EXIF block, and its frames are kept by storing it as sent.
            SKEncodedImageFormat.Gif => null,
            SKEncodedImageFormat.Png => Encode(stored, SKEncodedImageFormat.Png, 100),
            SKEncodedImageFormat.Webp => Encode(stored, SKEncodedImageFormat.Webp, 90),
            _ => Encode(stored, SKEncodedImageFormat.Jpeg, 90),
        };
        return new ImageOutcome(new ProcessedImage(image ?? [], Thumbnail(stored, _options.ThumbnailEdge)), null);
    }

    /// <summary>
    /// The whole image, or, when only <paramref name="storedEdge"/> pixels are kept, the smallest scaled decode the codec
    /// offers that is still at least that large (JPEG decodes at 1/2, 1/4, 1/8 without building the full bitmap).
    /// </summary>
    private static SKBitmap? Decode(SKCodec codec, int? storedEdge)
    {
        var full = codec.Info;
        var longest = Math.Max(full.Width, full.Height);
        if (storedEdge is not { } edge || longest <= edge)
        {
            return SKBitmap.Decode(codec);
        }
        var scaled = codec.GetScaledDimensions((float)edge / longest);
        if (Math.Max(scaled.Width, scaled.Height) < edge)
        {
            scaled = full.Size;
        }
        var info = full.WithSize(scaled.Width, scaled.Height).WithColorType(SKImageInfo.PlatformColorType).WithAlphaType(SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput)
        {
            return bitmap;
        }
        bitmap.Dispose();
        return null;
    }

    /// <summary>A copy whose longer side is at most <paramref name="edge"/>; null when the bitmap already fits.</summary>
    private static SKBitmap? Shrink(SKBitmap bitmap, int edge)
    {
        var scale = (double)edge / Math.Max(bitmap.Width, bitmap.Height);
        if (scale >= 1)
        {
            return null;
        }
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(bitmap.Width * scale)), Math.Max(1, (int)Math.Round(bitmap.Height * scale)), bitmap.ColorType, bitmap.AlphaType);
        return bitmap.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
    }

    private static byte[] Thumbnail(SKBitmap upright, int edge)
    {
        var scale = Math.Min(1.0, (double)edge / Math.Max(upright.Width, upright.Height));
        var width = Math.Max(1, (int)Math.Round(upright.Width * scale));
        var height = Math.Max(1, (int)Math.Round(upright.Height * scale));
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        // JPEG has no transparency: transparent pixels become white rather than black.
        surface.Canvas.Clear(SKColors.White);
        using var source = SKImage.FromBitmap(upright);
        surface.Canvas.DrawImage(source, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    private static SKBitmap Orient(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return bitmap.Copy();
        }
        var swapsSides = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(swapsSides ? bitmap.Height : bitmap.Width, swapsSides ? bitmap.Width : bitmap.Height, bitmap.ColorType, bitmap.AlphaType);
        using var canvas = new SKCanvas(result);
        var w = bitmap.Width;
        var h = bitmap.Height;
        // The EXIF orientations as canvas transforms (TIFF 6.0 tag 274).
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Scale(-1, 1); canvas.Translate(-w, 0); break;
            case SKEncodedOrigin.BottomRight: canvas.RotateDegrees(180); canvas.Translate(-w, -h); break;
            case SKEncodedOrigin.BottomLeft: canvas.Scale(1, -1); canvas.Translate(0, -h); break;
            case SKEncodedOrigin.LeftTop: canvas.RotateDegrees(90); canvas.Scale(1, -1); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(h, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.Translate(h, w); canvas.RotateDegrees(90); canvas.Scale(-1, 1); canvas.Translate(-w, 0); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, w); canvas.RotateDegrees(270); break;
        }
        using var source = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return result;
    }
}
