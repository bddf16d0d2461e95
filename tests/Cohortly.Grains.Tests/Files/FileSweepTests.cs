using System.Text;
using Cohortly.Accounts;
using Cohortly.Common;
using Cohortly.Files;
using Cohortly.Integrations.Storage;
using Cohortly.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cohortly.Grains.Tests.Files;

/// <summary>One silo on a clock the tests move, so an upload's grace period of hours passes at once.</summary>
public sealed class FileSweepCluster : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cohortly-file-sweep");

    public ClusterFixture Fixture { get; private set; } = null!;

    public IGrainFactory Grains => Fixture.Grains;

    /// <summary>The silo's object store (the local disk under the cluster's data directory).</summary>
    public IObjectStorage Storage => Fixture.PrimarySiloServices.GetRequiredService<IObjectStorage>();

    public async Task InitializeAsync()
    {
        Fixture = ClusterFixture.On(_data.Path, 1, new Dictionary<string, string> { [OffsetClock.SettingKey] = "on" });
        await Fixture.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Fixture.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>
/// Each gap between the stores an upload or a delete touches (the record, the owner's list, the bytes), opened by
/// failing one grain-storage write, and then closed by the file's sweep: no orphan object, no invisible record, and the
/// owner's quota counts only their ready files.
/// </summary>
public sealed class FileSweepTests(FileSweepCluster cluster) : IClassFixture<FileSweepCluster>
{
    private readonly IGrainFactory _grains = cluster.Grains;
    private readonly string _ownerId = SecureTokens.NewId();

    [Fact]
    public async Task BytesStoredWhoseRecordNeverBecameReadyAreRemovedAfterTheGracePeriodAndTheQuotaIsReleased()
    {
        var (file, pending) = await BeginAsync();
        await StoreBytesAsync(pending.StorageKey);
        // The upload reserved its bytes once their size was known, as the front end does before completing it.
        var bytes = _grains.GetGrain<IUploadQuotaGrain>(_ownerId);
        Assert.Null(await bytes.TryReserveAsync(file.GetPrimaryKeyString(), 1000, 1_000_000));
        // The write that makes the record ready fails, as a crash right after storing the bytes would leave it.
        StorageFaults.Shared.FailNextWrite("file", file.GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => file.CompleteAsync(Stored(pending)));
        Assert.Null(await file.GetAsync());
        Assert.Equal(1, await QuotaUsedAsync());

        Assert.False(await file.SweepAsync());
        Assert.True(await ExistsAsync(pending.StorageKey), "an upload within its grace period is left alone");

        OffsetClock.Shared.Advance(FileRules.PendingGrace);
        Assert.True(await file.SweepAsync());

        Assert.False(await ExistsAsync(pending.StorageKey));
        Assert.Equal(0, await QuotaUsedAsync());
        Assert.Equal(0, await bytes.GetUsedBytesAsync());
        var late = await Assert.ThrowsAsync<DomainException>(() => file.CompleteAsync(Stored(pending)));
        Assert.Equal("upload-expired", late.Code);
    }

    [Fact]
    public async Task ARecordWrittenButNeverListedLeavesNoInvisibleRecordAfterTheSweep()
    {
        var fileId = SecureTokens.NewId();
        var file = _grains.GetGrain<IFileGrain>(fileId);
        // The record's write succeeds; the owner's list refuses its write.
        StorageFaults.Shared.FailNextWrite("user-files", _grains.GetGrain<IUserFilesGrain>(_ownerId).GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => file.BeginAsync(Pending(fileId)));
        Assert.Null(await file.GetAsync());

        OffsetClock.Shared.Advance(FileRules.PendingGrace);
        Assert.True(await file.SweepAsync());

        Assert.Equal(0, await QuotaUsedAsync());
        // The id is free again: nothing of the half-made record is left to collide with.
        await file.BeginAsync(Pending(fileId));
        Assert.Equal(1, await QuotaUsedAsync());
    }

    [Fact]
    public async Task ADeleteMarkedButNotUnlistedIsFinishedByTheSweepWithItsBytesRemoved()
    {
        var (file, pending, owner) = await ReadyFileWithADeleteCutShortAsync();

        // Gone for readers at once; still listed until the rest of the delete runs.
        Assert.Null(await file.GetAsync());
        Assert.Equal(1, await QuotaUsedAsync());
        Assert.True(await file.SweepAsync());
        Assert.Equal(0, await QuotaUsedAsync());
        Assert.False(await ExistsAsync(pending.StorageKey));
        await Assert.ThrowsAsync<DomainException>(() => file.GetForReaderAsync(owner));
    }

    [Fact]
    public async Task ADeleteCutShortIsFinishedByTheOwnersRetry()
    {
        var (file, pending, owner) = await ReadyFileWithADeleteCutShortAsync();

        await file.DeleteAsync(owner);

        Assert.Equal(0, await QuotaUsedAsync());
        Assert.False(await ExistsAsync(pending.StorageKey));
        var stranger = new Caller(SecureTokens.NewId(), "Stranger", [Roles.Student]);
        await Assert.ThrowsAsync<DomainException>(() => file.DeleteAsync(stranger));
    }

    [Fact]
    public async Task AnUploadRefusedWhileStoringReleasesItsQuotaAtOnce()
    {
        var (file, _) = await BeginAsync();
        Assert.Equal(1, await QuotaUsedAsync());

        await file.AbandonAsync();

        Assert.Equal(0, await QuotaUsedAsync());
        Assert.Null(await file.GetAsync());
    }

    [Fact]
    public async Task AReadyFileIsLeftAloneByTheSweepAndItsReminderIsDropped()
    {
        var (file, pending) = await BeginAsync();
        await StoreBytesAsync(pending.StorageKey);
        var ready = await file.CompleteAsync(Stored(pending));
        var reminders = cluster.Fixture.PrimarySiloServices.GetRequiredService<IReminderTable>();
        Assert.NotNull(await reminders.ReadRow(file.GetGrainId(), "file-sweep"));

        OffsetClock.Shared.Advance(FileRules.PendingGrace);
        Assert.False(await file.SweepAsync());

        Assert.Equal(ready, await file.GetAsync());
        Assert.True(await ExistsAsync(pending.StorageKey));
        Assert.Null(await reminders.ReadRow(file.GetGrainId(), "file-sweep"));
        Assert.Equal(ready, await file.CompleteAsync(Stored(pending)));
    }

    [Fact]
    public async Task TheStoreSweepRemovesAnUploadACrashLeftIncompleteOnlyOnceItIsOld()
    {
        var key = $"files/{SecureTokens.NewId()}/content";
        // Begun and written to, then neither completed nor aborted: what a process killed mid-upload leaves.
        var abandoned = await cluster.Storage.BeginUploadAsync(key, "text/plain", CancellationToken.None);
        await abandoned.WriteAsync("half a file"u8.ToArray(), CancellationToken.None);
        var incoming = Path.Combine(cluster.Fixture.DataDirectory, "files", ".incoming");
        var sweep = _grains.GetGrain<IUploadSweepGrain>(IUploadSweepGrain.Key);

        Assert.Equal(0, await sweep.SweepAsync());
        Assert.NotEmpty(Directory.EnumerateFiles(incoming));

        OffsetClock.Shared.Advance(FileRules.IncompleteUploadLifetime + TimeSpan.FromMinutes(1));
        Assert.True(await sweep.SweepAsync() >= 1);

        Assert.Empty(Directory.EnumerateFiles(incoming));
        Assert.False(await ExistsAsync(key));
        await abandoned.DisposeAsync();
    }

    /// <summary>A ready file whose delete was marked and then failed at the owner's list, as a crash there would leave it.</summary>
    private async Task<(IFileGrain File, FileRecord Pending, Caller Owner)> ReadyFileWithADeleteCutShortAsync()
    {
        var (file, pending) = await BeginAsync();
        await StoreBytesAsync(pending.StorageKey);
        await file.CompleteAsync(Stored(pending));
        var owner = new Caller(_ownerId, "Owner", [Roles.Student]);
        StorageFaults.Shared.FailNextWrite("user-files", _grains.GetGrain<IUserFilesGrain>(_ownerId).GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => file.DeleteAsync(owner));
        return (file, pending, owner);
    }

    private async Task<(IFileGrain File, FileRecord Pending)> BeginAsync()
    {
        var fileId = SecureTokens.NewId();
        var file = _grains.GetGrain<IFileGrain>(fileId);
        var pending = Pending(fileId);
        await file.BeginAsync(pending);
        return (file, pending);
    }

    private FileRecord Pending(string fileId) =>
        new(fileId, _ownerId, FilePurpose.Avatar, null, null, "notes.txt", 0, "text/plain", "", $"files/{fileId}/content", null,
            FileStatus.Uploaded, DateTimeOffset.UtcNow, null);

    private static FileRecord Stored(FileRecord pending) => pending with { SizeBytes = Content.Length, Sha256 = "0a1b" };

    private static readonly byte[] Content = Encoding.UTF8.GetBytes("the bytes of an upload");

    private Task StoreBytesAsync(string key) => cluster.Storage.PutAsync(key, new MemoryStream(Content), "text/plain", CancellationToken.None);

    private async Task<bool> ExistsAsync(string key)
    {
        try
        {
            await using var stream = await cluster.Storage.OpenReadAsync(key, CancellationToken.None);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private async Task<int> QuotaUsedAsync() => (await _grains.GetGrain<IUserFilesGrain>(_ownerId).ListAsync(1, 10)).Total;
}
