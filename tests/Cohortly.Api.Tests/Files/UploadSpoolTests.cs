using Cohortly.Files;
using Cohortly.Frontend.Files;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Files;

/// <summary>Spool files delete themselves when closed; the hourly sweep removes only those a crashed process left.</summary>
public sealed class UploadSpoolTests
{
    [Fact]
    public void ASpoolFileACrashLeftIsRemovedOnceItIsOldAndOneInUseIsKept()
    {
        using var folder = new TempDirectory("cohortly-spool");
        var spool = new UploadSpool(folder.Path);
        var leftByCrash = spool.NewPath();
        File.WriteAllText(leftByCrash, "half an archive");
        File.SetLastWriteTimeUtc(leftByCrash, DateTime.UtcNow - FileRules.IncompleteUploadLifetime - TimeSpan.FromMinutes(1));
        var inUse = spool.NewPath();
        using (var writing = new FileStream(inUse, FileMode.CreateNew, FileAccess.Write))
        {
            writing.Write("still arriving"u8);
        }

        var removed = spool.RemoveStale(DateTimeOffset.UtcNow - FileRules.IncompleteUploadLifetime);

        Assert.Equal(1, removed);
        Assert.False(File.Exists(leftByCrash));
        Assert.True(File.Exists(inUse));
    }

    [Fact]
    public void ASpoolFolderNoUploadHasMadeYetIsNoError() =>
        Assert.Equal(0, new UploadSpool(Path.Combine(Path.GetTempPath(), "cohortly-spool-never-" + Guid.NewGuid().ToString("N"))).RemoveStale(DateTimeOffset.UtcNow));
}
