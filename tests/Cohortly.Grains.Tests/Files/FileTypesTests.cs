using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Cohortly.Files;

namespace Cohortly.Grains.Tests.Files;

public sealed class FileTypesTests
{
    [Theory]
    [InlineData("report.pdf", "%PDF-1.7\n", "application/pdf")]
    [InlineData("main.py", "print('hi')\n", "text/plain; charset=utf-8")]
    [InlineData("page.html", "<script>alert(1)</script>", "text/plain; charset=utf-8")]
    public void TheTypeComesFromTheBytesAndTheServedTypeFromUs(string name, string content, string contentType) =>
        Assert.Equal(contentType, FileTypes.Match(name, Encoding.UTF8.GetBytes(content), wholeFile: true)?.ContentType);

    [Theory]
    [InlineData("invoice.pdf", new byte[] { 0x4D, 0x5A, 0x90, 0x00 })]
    [InlineData("photo.png", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 })]
    [InlineData("main.py", new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01 })]
    [InlineData("run.exe", new byte[] { 0x4D, 0x5A, 0x90, 0x00 })]
    [InlineData("noextension", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D })]
    public void BytesThatDoNotMatchTheNameAreRefused(string name, byte[] content) =>
        Assert.Null(FileTypes.Match(name, content, wholeFile: true));

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("src\\..\\evil")]
    [InlineData("a/../../b")]
    public void EntryNamesThatClimbOutAreUnsafe(string name) => Assert.NotNull(ArchiveInspector.UnsafeName(name));

    [Theory]
    [InlineData("src/main.py")]
    [InlineData("a..b/c")]
    public void OrdinaryEntryNamesAreSafe(string name) => Assert.Null(ArchiveInspector.UnsafeName(name));

    [Theory]
    [InlineData("C:\\Users\\me\\report.pdf", "report.pdf")]
    [InlineData("../../report.pdf", "report.pdf")]
    [InlineData("re\u0000port.pdf", "report.pdf")]
    [InlineData("..", null)]
    public void UploadedNamesKeepOnlyTheirLastSegment(string raw, string? cleaned) => Assert.Equal(cleaned, FileRules.CleanName(raw));

    [Fact]
    public void AZipWhoseDirectoryUnderstatesItsSizesIsMeasuredByWhatItInflatesTo()
    {
        // 50 MB of zeros declared as 1,000 bytes in both the local header and the central directory.
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("small.txt", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 50; i++)
            {
                entry.Write(zeros);
            }
        }
        var bytes = buffer.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(22), 1_000);
        var central = bytes.AsSpan().LastIndexOf("PK\x01\x02"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), 1_000);
        using (var lying = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        {
            Assert.Equal(1_000, lying.Entries.Single().Length);
        }
        Assert.NotNull(ArchiveInspector.Problem(new MemoryStream(bytes), ContentKind.Zip));
        Assert.Null(ArchiveInspector.Problem(new MemoryStream(Zip("src/main.py", "print('hi')\n")), ContentKind.Zip));
    }

    [Fact]
    public void AGzipBombStopsAtItsBudgetNotAtTheEnd()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 100; i++)
            {
                gzip.Write(zeros);
            }
        }
        Assert.Contains("bomb", ArchiveInspector.Problem(new MemoryStream(buffer.ToArray()), ContentKind.Gzip), StringComparison.Ordinal);
    }

    [Fact]
    public void TextIsCheckedToTheLastByteAcrossChunks()
    {
        var check = new TextCheck();
        var euro = "€"u8.ToArray();
        check.Append(euro.AsSpan(0, 1));
        check.Append(euro.AsSpan(1));
        Assert.True(check.Complete());

        var cut = new TextCheck();
        cut.Append("ok "u8);
        cut.Append(euro.AsSpan(0, 2));
        Assert.False(cut.Complete());

        var binary = new TextCheck();
        binary.Append("ok "u8);
        binary.Append([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00]);
        Assert.False(binary.Complete());
    }

    private static byte[] Zip(string name, string text)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(name).Open();
            entry.Write(Encoding.UTF8.GetBytes(text));
        }
        return buffer.ToArray();
    }
}
