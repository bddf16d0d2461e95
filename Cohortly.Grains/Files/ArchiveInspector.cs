using System.Formats.Tar;
using System.IO.Compression;

namespace Cohortly.Files;

/// <summary>
/// Refuses archives that would hurt whoever unpacks them: zip bombs (huge total size, absurd compression ratios,
/// too many entries) and entry names that climb out of the target folder.
/// Zip: the central directory's sizes are checked without inflating anything. gzip (.tar.gz, .tgz, .gz): there is
/// no directory, so the stream is inflated once, counting bytes and stopping at the cap, and a tar inside has its
/// entry names checked. Plain .tar stores sizes in its headers, which are read the same way.
/// </summary>
public static class ArchiveInspector
{
    public const long MaxTotalUncompressedBytes = 1L * 1024 * 1024 * 1024;
    public const int MaxEntries = 10_000;

    /// <summary>Text compresses up to ~10:1 and a sparse dataset more; beyond 100:1 it is built to explode.</summary>
    public const double MaxEntryRatio = 100;

    /// <summary>Small entries are not ratio-checked: a few KB of repeated bytes is no threat.</summary>
    public const long RatioCheckedFromBytes = 1024 * 1024;

    /// <summary>Null when the archive is acceptable, otherwise what is wrong with it.</summary>
    public static string? Problem(Stream archive, ContentKind kind)
    {
        try
        {
            return kind switch
            {
                ContentKind.Zip => ZipProblem(archive),
                ContentKind.Gzip => GzipProblem(archive),
                ContentKind.Tar => TarProblem(archive),
                _ => null,
            };
        }
        catch (Exception unreadable) when (unreadable is InvalidDataException or IOException or FormatException or ArgumentException)
        {
            return "The archive is damaged or not what its name says: " + unreadable.Message;
        }
    }

    private static string? ZipProblem(Stream archive)
    {
        using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
        if (zip.Entries.Count > MaxEntries)
        {
            return $"The archive has more than {MaxEntries} entries.";
        }
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            if (UnsafeName(entry.FullName) is { } unsafeName)
            {
                return unsafeName;
            }
            total += entry.Length;
            if (total > MaxTotalUncompressedBytes)
            {
                return $"The archive unpacks to more than {MaxTotalUncompressedBytes / (1024 * 1024)} MB.";
            }
            if (entry.Length >= RatioCheckedFromBytes && entry.Length > entry.CompressedLength * MaxEntryRatio)
            {
                return $"The archive entry {entry.FullName} is compressed more than {MaxEntryRatio}:1 (a zip bomb).";
            }
        }
        return null;
    }

    private static string? GzipProblem(Stream archive)
    {
        var compressedLength = archive.Length;
        using var inflated = new CappedStream(new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true),
            Math.Min(MaxTotalUncompressedBytes, (long)Math.Max(RatioCheckedFromBytes, compressedLength * MaxEntryRatio)));
        var head = new byte[512];
        var read = inflated.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read == 512 && head.AsSpan(257, 5).SequenceEqual("ustar"u8))
        {
            return TarProblem(new ConcatStream(head, inflated));
        }
        inflated.CopyTo(Stream.Null);
        return null;
    }

    private static string? TarProblem(Stream archive)
    {
        using var reader = new TarReader(archive, leaveOpen: true);
        var entries = 0;
        long total = 0;
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            if (++entries > MaxEntries)
            {
                return $"The archive has more than {MaxEntries} entries.";
            }
            if (UnsafeName(entry.Name) is { } unsafeName)
            {
                return unsafeName;
            }
            if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
            {
                return $"The archive entry {entry.Name} is a link; links can point outside the folder it is unpacked in.";
            }
            total += entry.Length;
            if (total > MaxTotalUncompressedBytes)
            {
                return $"The archive unpacks to more than {MaxTotalUncompressedBytes / (1024 * 1024)} MB.";
            }
        }
        return null;
    }

    /// <summary>Names that would write outside the folder an archive is unpacked in (zip-slip).</summary>
    public static string? UnsafeName(string name)
    {
        if (name.Contains('\\', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal)
            || name.StartsWith('/') || (name.Length >= 2 && name[1] == ':')
            || name.Split('/').Any(segment => segment == ".."))
        {
            return $"The archive entry name \"{name}\" would unpack outside its folder.";
        }
        return null;
    }

    /// <summary>Stops reading (with an error) once more than the cap has come out.</summary>
    private sealed class CappedStream(Stream inner, long cap) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            _read += read;
            return _read > cap
                ? throw new InvalidDataException($"it inflates to more than {cap / (1024 * 1024)} MB (a gzip bomb).")
                : read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>The bytes already read to recognise a tar, followed by the rest of the stream.</summary>
    private sealed class ConcatStream(byte[] head, Stream rest) : Stream
    {
        private int _headPosition;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_headPosition < head.Length)
            {
                var take = Math.Min(count, head.Length - _headPosition);
                Array.Copy(head, _headPosition, buffer, offset, take);
                _headPosition += take;
                return take;
            }
            return rest.Read(buffer, offset, count);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
