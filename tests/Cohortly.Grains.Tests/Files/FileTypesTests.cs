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
}
