using System.Text;
using Cohortly.Integrations.Scanning;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Files;

/// <summary>The clamd INSTREAM client against a fake clamd TCP listener (a real clamd cannot be assumed on a test machine).</summary>
public sealed class ClamAvScannerTests : IAsyncLifetime
{
    private readonly FakeClamd _clamd = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _clamd.DisposeAsync();

    private async Task<ScanVerdict> ScanAsync(byte[] content)
    {
        var scanner = new ClamAvScanner(new ClamAvOptions { Host = "127.0.0.1", Port = _clamd.Port });
        await using var session = await scanner.BeginAsync(CancellationToken.None);
        // Written in uneven pieces, as an upload arrives.
        for (var offset = 0; offset < content.Length; offset += 70_001)
        {
            await session.WriteAsync(content.AsMemory(offset, Math.Min(70_001, content.Length - offset)), CancellationToken.None);
        }
        return await session.CompleteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ACleanStreamArrivesWholeAndPasses()
    {
        var content = new byte[300_000];
        new Random(7).NextBytes(content);
        Assert.True((await ScanAsync(content)).Clean);
        Assert.Equal(content, _clamd.LastStream);
    }

    [Fact]
    public async Task TheEicarTestFileIsNamedAsFound()
    {
        var verdict = await ScanAsync(Encoding.ASCII.GetBytes(FakeClamd.Eicar));
        Assert.False(verdict.Clean);
        Assert.Equal("Eicar-Test-Signature", verdict.Signature);
    }

    [Fact]
    public async Task AnUnreachableScannerIsReportedAsUnavailableNotAsClean()
    {
        var scanner = new ClamAvScanner(new ClamAvOptions { Host = "127.0.0.1", Port = Ports.Free(), TimeoutSeconds = 5 });
        await Assert.ThrowsAsync<ScannerUnavailableException>(() => scanner.BeginAsync(CancellationToken.None));
    }

    [Fact]
    public void AnErrorReplyIsNotAVerdict() =>
        Assert.Throws<IOException>(() => ClamAvScanner.Parse("INSTREAM size limit exceeded. ERROR"));
}
