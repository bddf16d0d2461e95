using System.IO.Compression;

namespace Cohortly.Integrations.Certificates;

/// <summary>
/// The W3C Bitstring Status List encoding: index 0 is the left-most (most significant) bit of the first byte, and the
/// published <c>encodedList</c> is multibase base64url (<c>u</c> prefix, no padding) of the GZIP-compressed bits.
/// </summary>
public static class BitstringStatusList
{
    public static bool Get(ReadOnlySpan<byte> bits, int index) => (bits[index >> 3] & (0x80 >> (index & 7))) != 0;

    public static void Set(Span<byte> bits, int index, bool value)
    {
        var mask = (byte)(0x80 >> (index & 7));
        bits[index >> 3] = value ? (byte)(bits[index >> 3] | mask) : (byte)(bits[index >> 3] & ~mask);
    }

    public static string Encode(ReadOnlySpan<byte> bits)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bits);
        }
        return "u" + CertificateKeys.Base64Url(compressed.ToArray());
    }

    public static byte[] Decode(string encodedList)
    {
        if (!encodedList.StartsWith('u'))
        {
            throw new FormatException("An encodedList is multibase base64url: it starts with 'u'.");
        }
        using var gzip = new GZipStream(new MemoryStream(System.Buffers.Text.Base64Url.DecodeFromChars(encodedList.AsSpan(1))), CompressionMode.Decompress);
        using var bits = new MemoryStream();
        gzip.CopyTo(bits);
        return bits.ToArray();
    }
}
