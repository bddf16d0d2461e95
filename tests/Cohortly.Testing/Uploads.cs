using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;

namespace Cohortly.Testing;

/// <summary>Builds <c>POST /api/files</c> requests the way a browser's FormData does: fields first, then the file.</summary>
public static class Uploads
{
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient http, string accessToken, string fileName, HttpContent file,
        string purpose, string? assignmentId = null, string? bootcampId = null)
    {
        using var form = new MultipartFormDataContent { { new StringContent(purpose), "purpose" } };
        if (assignmentId is not null)
        {
            form.Add(new StringContent(assignmentId), "assignmentId");
        }
        if (bootcampId is not null)
        {
            form.Add(new StringContent(bootcampId), "bootcampId");
        }
        form.Add(file, "file", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/files") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient http, string accessToken, string fileName, byte[] bytes,
        string purpose, string? assignmentId = null, string? bootcampId = null) =>
        http.UploadAsync(accessToken, fileName, new ByteArrayContent(bytes), purpose, assignmentId, bootcampId);

    /// <summary>A small PDF-looking file: the magic number and some unique text.</summary>
    public static byte[] Pdf(string text = "hello") => System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {text} {Guid.NewGuid():N}\n%%EOF\n");

    /// <summary>What a Windows program starts with: "MZ", the DOS stub and a PE header.</summary>
    public static byte[] Executable() =>
        [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0xB8, 0x00, 0x00, 0x00, 0x50, 0x45, 0x00, 0x00];

    /// <summary>
    /// A real decompression bomb: a valid RGB PNG of <paramref name="width"/>×<paramref name="height"/> black pixels whose
    /// rows of zeros deflate about a thousandfold (6000×6000 is ~100 KB on the wire and ~144 MB once decoded).
    /// </summary>
    public static byte[] PngBomb(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        WritePngChunk(png, "IHDR", header);
        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + (width * 3)]; // filter byte 0, then black pixels
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }
        WritePngChunk(png, "IDAT", pixels.ToArray());
        WritePngChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WritePngChunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}

/// <summary>
/// A read-only stream of the given length, generated as it is read (a PDF header, then a repeating
/// pseudo-random block), so a test can upload hundreds of megabytes without holding them.
/// </summary>
public sealed class GeneratedFileStream : Stream
{
    private static readonly byte[] Header = "%PDF-1.7\n"u8.ToArray();
    private readonly byte[] _block;
    private readonly long _length;
    private long _position;

    public GeneratedFileStream(long length, int seed = 42)
    {
        _length = length;
        _block = new byte[64 * 1024 + 7];
        new Random(seed).NextBytes(_block);
    }

    /// <summary>The SHA-256 the whole stream will have, computed by reading a fresh copy.</summary>
    public static string Sha256Of(long length, int seed = 42)
    {
        using var copy = new GeneratedFileStream(length, seed);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(copy));
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < _length)
        {
            byte value = _position < Header.Length ? Header[_position] : _block[(_position - Header.Length) % _block.Length];
            buffer[written++] = value;
            _position++;
            if (_position >= Header.Length)
            {
                // Copy the rest of the block run at once; byte by byte would make the test CPU-bound.
                var blockOffset = (int)((_position - Header.Length) % _block.Length);
                var run = (int)Math.Min(Math.Min(buffer.Length - written, _block.Length - blockOffset), _length - _position);
                _block.AsSpan(blockOffset, run).CopyTo(buffer[written..]);
                written += run;
                _position += run;
            }
        }
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
