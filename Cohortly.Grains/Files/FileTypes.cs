using System.Text;
using System.Text.Unicode;

namespace Cohortly.Files;

/// <summary>What the first bytes of a file say it is.</summary>
public enum ContentKind
{
    Unknown,
    Pdf,
    Zip,
    Gzip,
    Tar,
    Png,
    Jpeg,
    Gif,
    Webp,
    Text,
}

/// <summary>A type we accept: the name's extension, the kind its bytes must have, and the type it is served as.</summary>
public sealed record FileType(string Extension, ContentKind Kind, string ContentType)
{
    public bool IsImage => Kind is ContentKind.Png or ContentKind.Jpeg or ContentKind.Gif or ContentKind.Webp;

    public bool IsArchive => Kind is ContentKind.Zip or ContentKind.Gzip or ContentKind.Tar;
}

/// <summary>
/// Decides a file's type from its bytes (magic numbers), never from the client's content type; the name's
/// extension must agree with the bytes. Text and source files are recognised as UTF-8 without NUL bytes, and are
/// always served as <c>text/plain</c> so an uploaded .html or .svg cannot run as a page.
/// </summary>
public static class FileTypes
{
    /// <summary>Enough to see every signature we know, and a fair sample of a text file.</summary>
    public const int SniffBytes = 8 * 1024;

    private const string Text = "text/plain; charset=utf-8";

    private static readonly Dictionary<string, FileType> ByExtension = new[]
    {
        new FileType(".pdf", ContentKind.Pdf, "application/pdf"),
        new FileType(".zip", ContentKind.Zip, "application/zip"),
        new FileType(".docx", ContentKind.Zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        new FileType(".xlsx", ContentKind.Zip, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        new FileType(".pptx", ContentKind.Zip, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        new FileType(".tar", ContentKind.Tar, "application/x-tar"),
        new FileType(".tar.gz", ContentKind.Gzip, "application/gzip"),
        new FileType(".tgz", ContentKind.Gzip, "application/gzip"),
        new FileType(".gz", ContentKind.Gzip, "application/gzip"),
        new FileType(".png", ContentKind.Png, "image/png"),
        new FileType(".jpg", ContentKind.Jpeg, "image/jpeg"),
        new FileType(".jpeg", ContentKind.Jpeg, "image/jpeg"),
        new FileType(".gif", ContentKind.Gif, "image/gif"),
        new FileType(".webp", ContentKind.Webp, "image/webp"),
    }.Concat(new[]
    {
        ".txt", ".md", ".csv", ".json", ".xml", ".yaml", ".yml", ".toml", ".ini", ".sql", ".ipynb", ".html", ".css", ".svg",
        ".py", ".js", ".mjs", ".ts", ".tsx", ".jsx", ".java", ".kt", ".c", ".h", ".cpp", ".hpp", ".cc", ".cs", ".fs", ".go",
        ".rs", ".rb", ".php", ".swift", ".scala", ".sh", ".r", ".jl", ".lua", ".dart", ".hs", ".ex", ".exs", ".erl", ".clj",
    }.Select(extension => new FileType(extension, ContentKind.Text, Text)))
        .ToDictionary(type => type.Extension);

    public static bool IsKnownExtension(string extension) => ByExtension.ContainsKey(extension);

    /// <summary>The type when the name's extension is one we accept and the bytes are what it claims; otherwise null.</summary>
    public static FileType? Match(string fileName, ReadOnlySpan<byte> firstBytes, bool wholeFile)
    {
        var extension = FileRules.ExtensionOf(fileName);
        return ByExtension.TryGetValue(extension, out var type) && Sniff(firstBytes, wholeFile) == type.Kind ? type : null;
    }

    public static ContentKind Sniff(ReadOnlySpan<byte> bytes, bool wholeFile)
    {
        if (bytes.StartsWith("%PDF-"u8))
        {
            return ContentKind.Pdf;
        }
        if (bytes.StartsWith("PK\x03\x04"u8) || bytes.StartsWith("PK\x05\x06"u8))
        {
            return ContentKind.Zip;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B, 0x08]))
        {
            return ContentKind.Gzip;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ContentKind.Png;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ContentKind.Jpeg;
        }
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return ContentKind.Gif;
        }
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return ContentKind.Webp;
        }
        if (bytes.Length >= 262 && bytes[257..262].SequenceEqual("ustar"u8))
        {
            return ContentKind.Tar;
        }
        return IsUtf8Text(bytes, wholeFile) ? ContentKind.Text : ContentKind.Unknown;
    }

    private static bool IsUtf8Text(ReadOnlySpan<byte> bytes, bool wholeFile)
    {
        if (bytes.Length == 0 || bytes.Contains((byte)0))
        {
            return false;
        }
        // A sample cut from a longer file may end inside a multi-byte character; up to three trailing bytes are forgiven.
        for (var cut = 0; cut <= (wholeFile ? 0 : Math.Min(3, bytes.Length - 1)); cut++)
        {
            if (Utf8.IsValid(bytes[..^cut]))
            {
                return !HasBinaryControls(bytes);
            }
        }
        return false;
    }

    /// <summary>Executables and other binaries are full of control bytes that text never has (tab, CR, LF and form feed aside).</summary>
    internal static bool HasBinaryControls(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C and not 0x1B)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>
/// The text check of <see cref="FileTypes"/> over a whole stream, chunk by chunk: the first 8 KB decide the type, but
/// a file that is text there and binary (or not UTF-8) further on must not be served as text.
/// </summary>
public sealed class TextCheck
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] _chars = new char[4096];

    public bool Valid { get; private set; } = true;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (!Valid)
        {
            return;
        }
        if (bytes.Contains((byte)0) || FileTypes.HasBinaryControls(bytes))
        {
            Valid = false;
            return;
        }
        Decode(bytes, flush: false);
    }

    /// <summary>Valid once the end is reached without a character cut short.</summary>
    public bool Complete()
    {
        Decode([], flush: true);
        return Valid;
    }

    private void Decode(ReadOnlySpan<byte> bytes, bool flush)
    {
        try
        {
            do
            {
                _decoder.Convert(bytes, _chars, flush, out var used, out _, out _);
                bytes = bytes[used..];
            }
            while (!bytes.IsEmpty);
        }
        catch (DecoderFallbackException)
        {
            Valid = false;
        }
    }
}
