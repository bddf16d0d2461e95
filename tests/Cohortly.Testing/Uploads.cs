using System.Net.Http.Headers;

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
