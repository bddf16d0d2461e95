using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Cohortly.Api.Tests.Files;

/// <summary>Files with a known shape for the upload tests: archives that explode or escape, photos with a GPS position.</summary>
public static class TestFiles
{
    public const string GpsMarker = "COHORTLY-GPS-51.5007N-0.1246W";

    /// <summary>One entry of zeros that deflates about a thousandfold: a small upload that unpacks to 200 MB.</summary>
    public static byte[] ZipBomb()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("zeros.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 200; i++)
            {
                entry.Write(zeros);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(text));
            }
        }
        return buffer.ToArray();
    }

    public static byte[] TarGz(params (string Name, string Text)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.CornflowerBlue);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// A landscape JPEG (wide × high) whose EXIF says "rotate 90° clockwise to view" (orientation 6) and carries a GPS
    /// block with <see cref="GpsMarker"/>, as a phone photo would: inserted as an APP1 segment right after SOI.
    /// </summary>
    public static byte[] PhotoWithGps(int wide, int high)
    {
        using var bitmap = new SKBitmap(wide, high);
        bitmap.Erase(SKColors.OrangeRed);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        var jpeg = data.ToArray();
        var exif = Exif();
        var segment = new byte[4 + exif.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(exif.Length + 2));
        exif.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>"Exif\0\0", a little-endian TIFF header, IFD0 {Orientation = 6, GPSInfo → GPS IFD}, GPS IFD {GPSMapDatum = marker}.</summary>
    private static byte[] Exif()
    {
        var marker = Encoding.ASCII.GetBytes(GpsMarker + "\0");
        var tiff = new byte[8 + 2 + (2 * 12) + 4 + 2 + 12 + 4 + marker.Length];
        var span = tiff.AsSpan();
        "II"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 8);
        var ifd0 = 8;
        var gpsIfd = ifd0 + 2 + (2 * 12) + 4;
        var markerOffset = gpsIfd + 2 + 12 + 4;
        BinaryPrimitives.WriteUInt16LittleEndian(span[ifd0..], 2);
        WriteEntry(span[(ifd0 + 2)..], 0x0112, 3, 1, 6);
        WriteEntry(span[(ifd0 + 14)..], 0x8825, 4, 1, (uint)gpsIfd);
        BinaryPrimitives.WriteUInt16LittleEndian(span[gpsIfd..], 1);
        WriteEntry(span[(gpsIfd + 2)..], 0x0012, 2, (uint)marker.Length, (uint)markerOffset);
        marker.CopyTo(span[markerOffset..]);
        return [.. "Exif\0\0"u8.ToArray(), .. tiff];
    }

    private static void WriteEntry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(at, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(at[8..], value);
    }

    public static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;
}
