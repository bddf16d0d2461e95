using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;

namespace Cohortly.Files;

/// <summary>
/// Refuses archives that would hurt whoever unpacks them: zip bombs (huge total size, absurd compression ratios,
/// too many entries) and entry names that climb out of the target folder.
/// Sizes an archive declares are never trusted: a zip's central directory can claim 1 KB for an entry that inflates to
/// gigabytes. Zip: the directory's sizes refuse the obvious bombs at once, then every entry is inflated, counting the
/// bytes that actually come out against one budget for the whole archive and stopping at it. gzip (.tar.gz, .tgz,
/// .gz) is inflated the same way, and a tar inside has its entry names checked. Plain .tar stores sizes in its headers
/// and nothing in it is compressed. Callers run this under a <c>CoreGate</c>: inflating is a core's work.
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

    /// <summary>
    /// What a whole archive may inflate to: 100 times its compressed size (1 MB at least), and never more than
    /// <see cref="MaxTotalUncompressedBytes"/>. A 100 KB bomb is caught after 10 MB of inflation, in milliseconds.
    /// </summary>
    public static long InflationBudget(long compressedLength) =>
        Math.Min(MaxTotalUncompressedBytes, (long)Math.Max(RatioCheckedFromBytes, compressedLength * MaxEntryRatio));

    private static string? ZipProblem(Stream archive)
    {
        var budget = new Budget(InflationBudget(archive.Length));
        using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
        if (zip.Entries.Count > MaxEntries)
        {
            return $"The archive has more than {MaxEntries} entries.";
        }
        long declared = 0;
        foreach (var entry in zip.Entries)
        {
            if (UnsafeName(entry.FullName) is { } unsafeName)
            {
                return unsafeName;
            }
            declared += entry.Length;
            if (declared > MaxTotalUncompressedBytes)
            {
                return $"The archive unpacks to more than {MaxTotalUncompressedBytes / (1024 * 1024)} MB.";
            }
            if (entry.Length >= RatioCheckedFromBytes && entry.Length > entry.CompressedLength * MaxEntryRatio)
            {
                return $"The archive entry {entry.FullName} is compressed more than {MaxEntryRatio}:1 (a zip bomb).";
            }
        }
        // .NET's reader stops an entry at the size the directory declares, so a lie would pass unseen here and explode in
        // whoever unpacks it with another tool: the entries are inflated from the raw bytes instead, to their real end.
        ZipWalk.InflateEntries(archive, budget);
        return null;
    }

    private static string? GzipProblem(Stream archive)
    {
        using var inflated = new CappedStream(new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true), new Budget(InflationBudget(archive.Length)));
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

    /// <summary>
    /// Reads a zip's central directory (ZIP64 included) and inflates every entry from its local header's data with no
    /// size taken on trust: the bytes that come out are charged to the budget, and must equal what the directory says.
    /// </summary>
    private static class ZipWalk
    {
        private const uint Overflow = 0xFFFFFFFF;

        public static void InflateEntries(Stream archive, Budget budget)
        {
            var (count, directoryOffset) = Directory(archive);
            var position = directoryOffset;
            for (long i = 0; i < count; i++)
            {
                var header = ReadAt(archive, position, 46);
                Expect(header, 0x02014b50, "central directory entry");
                var method = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(10));
                long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(20));
                long declared = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(24));
                var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
                var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30));
                var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
                long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(42));
                var extra = ReadAt(archive, position + 46 + nameLength, extraLength);
                ReadZip64(extra, ref declared, ref compressed, ref localOffset);
                position += 46 + nameLength + extraLength + commentLength;

                var local = ReadAt(archive, localOffset, 30);
                Expect(local, 0x04034b50, "local header");
                var dataStart = localOffset + 30 + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26)) + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
                if (compressed < 0 || dataStart + compressed > archive.Length)
                {
                    throw new InvalidDataException("an entry's data runs past the end of the file.");
                }
                archive.Position = dataStart;
                var data = new Window(archive, compressed);
                using var inflated = new CappedStream(method switch
                {
                    0 => data,
                    8 => new DeflateStream(data, CompressionMode.Decompress, leaveOpen: true),
                    _ => throw new InvalidDataException($"an entry uses compression method {method}, which cannot be checked (use deflate)."),
                }, budget, disposeInner: method != 0);
                inflated.CopyTo(Stream.Null);
                if (inflated.Inflated != declared)
                {
                    throw new InvalidDataException($"an entry inflates to {inflated.Inflated} bytes where its directory says {declared} (a zip bomb's disguise).");
                }
            }
        }

        /// <summary>The entry count and where the central directory starts, from the end record (or its ZIP64 form).</summary>
        private static (long Count, long Offset) Directory(Stream archive)
        {
            // The end record is 22 bytes plus a comment of at most 65,535.
            var tailLength = (int)Math.Min(archive.Length, 22 + ushort.MaxValue);
            var tail = ReadAt(archive, archive.Length - tailLength, tailLength);
            var at = tail.AsSpan().LastIndexOf("PK\x05\x06"u8);
            if (at < 0 || at + 22 > tail.Length)
            {
                throw new InvalidDataException("the end of its directory is missing.");
            }
            long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at + 16));
            if (count == ushort.MaxValue || offset == Overflow)
            {
                var locatorAt = archive.Length - tailLength + at - 20;
                var locator = ReadAt(archive, locatorAt, 20);
                Expect(locator, 0x07064b50, "ZIP64 locator");
                var end = ReadAt(archive, (long)BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8)), 56);
                Expect(end, 0x06064b50, "ZIP64 end record");
                count = (long)BinaryPrimitives.ReadUInt64LittleEndian(end.AsSpan(32));
                offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(end.AsSpan(48));
            }
            return count > MaxEntries ? throw new InvalidDataException($"it has more than {MaxEntries} entries.") : (count, offset);
        }

        /// <summary>Sizes and offsets too large for 32 bits are in the ZIP64 extra field (id 1), in this order, each only if overflowed.</summary>
        private static void ReadZip64(ReadOnlySpan<byte> extra, ref long declared, ref long compressed, ref long localOffset)
        {
            while (extra.Length >= 4)
            {
                var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
                var size = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]), extra.Length - 4);
                var field = extra.Slice(4, size);
                if (id == 1)
                {
                    foreach (var value in new[] { 0, 1, 2 })
                    {
                        ref var target = ref value == 0 ? ref declared : ref value == 1 ? ref compressed : ref localOffset;
                        if (target == Overflow && field.Length >= 8)
                        {
                            target = (long)BinaryPrimitives.ReadUInt64LittleEndian(field);
                            field = field[8..];
                        }
                    }
                    return;
                }
                extra = extra[(4 + size)..];
            }
        }

        private static byte[] ReadAt(Stream archive, long offset, int length)
        {
            if (offset < 0 || offset + length > archive.Length)
            {
                throw new InvalidDataException("its directory points outside the file.");
            }
            archive.Position = offset;
            var bytes = new byte[length];
            archive.ReadExactly(bytes);
            return bytes;
        }

        private static void Expect(byte[] header, uint signature, string what)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != signature)
            {
                throw new InvalidDataException($"its {what} is not where its directory says.");
            }
        }
    }

    /// <summary>The next <c>length</c> bytes of a stream, and no more.</summary>
    private sealed class Window(Stream inner, long length) : ForwardStream
    {
        private long _left = length;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, (int)Math.Min(count, _left));
            _left -= read;
            return read;
        }
    }

    /// <summary>The bytes an archive may still inflate to, shared by all its entries.</summary>
    private sealed class Budget(long cap)
    {
        private long _inflated;

        public void Charge(int bytes)
        {
            _inflated += bytes;
            if (_inflated > cap)
            {
                throw new InvalidDataException($"it inflates to more than {Math.Max(1, cap / (1024 * 1024))} MB, over {MaxEntryRatio}:1 (a zip bomb).");
            }
        }
    }

    /// <summary>Stops reading (with an error) once more than the budget has come out.</summary>
    private sealed class CappedStream(Stream inner, Budget budget, bool disposeInner = true) : ForwardStream
    {
        private long _read;

        public long Inflated => _read;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            _read += read;
            budget.Charge(read);
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && disposeInner)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>The bytes already read to recognise a tar, followed by the rest of the stream.</summary>
    private sealed class ConcatStream(byte[] head, Stream rest) : ForwardStream
    {
        private int _headPosition;

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
    }

    /// <summary>The read-once, forward-only streams above: everything but reading is refused.</summary>
    private abstract class ForwardStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
