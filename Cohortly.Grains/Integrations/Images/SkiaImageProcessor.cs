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

    public (ProcessedImage? Result, string? Problem) Process(Stream source)
    {
        using var codec = SKCodec.Create(source);
        if (codec is null)
        {
            return (null, "The image could not be decoded.");
        }
        // The header's dimensions, read before decoding: beyond the limit a small file can still demand gigabytes of pixels.
        if ((long)codec.Info.Width * codec.Info.Height > _options.MaxPixels)
        {
            return (null, $"The image has more than {_options.MaxPixels / 1_000_000} megapixels.");
        }
        var format = codec.EncodedFormat;
        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null)
        {
            return (null, "The image could not be decoded.");
        }
        using var upright = Orient(decoded, codec.EncodedOrigin);
        var image = format switch
        {
            // Skia cannot write GIF; a GIF carries no EXIF block, and its frames are kept by storing it as sent.
            SKEncodedImageFormat.Gif => null,
            SKEncodedImageFormat.Png => Encode(upright, SKEncodedImageFormat.Png, 100),
            SKEncodedImageFormat.Webp => Encode(upright, SKEncodedImageFormat.Webp, 90),
            _ => Encode(upright, SKEncodedImageFormat.Jpeg, 90),
        };
        return (new ProcessedImage(image ?? [], Thumbnail(upright, _options.ThumbnailEdge)), null);
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
