using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Cohortly.Integrations.Storage;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Files;

/// <summary>The S3 adapter on its own against npm s3rver: parts really go up while the file is still being written.</summary>
public sealed partial class S3ObjectStorageTests : IAsyncLifetime
{
    private S3Server _server = null!;
    private S3ObjectStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _server = await S3Server.StartAsync();
        _storage = new S3ObjectStorage(new StorageOptions
        {
            ServiceUrl = _server.ServiceUrl,
            Bucket = "adapter-test",
            AccessKey = S3Server.AccessKey,
            SecretKey = S3Server.SecretKey,
            ForcePathStyle = true,
        });
        await _storage.EnsureBucketAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _storage.Dispose();
        await _server.DisposeAsync();
    }

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex PartFileName();

    private int PartsOnServer() =>
        Directory.EnumerateFiles(_server.DataDirectory, "*", SearchOption.AllDirectories).Count(path => PartFileName().IsMatch(Path.GetFileName(path)));

    [Fact]
    public async Task A50MegabyteObjectIsUploadedInEightMegabytePartsAndReadsBackIntact()
    {
        const long size = 50L * 1024 * 1024;
        await using var source = new GeneratedFileStream(size);
        var upload = await _storage.BeginUploadAsync("big/object", "application/pdf", CancellationToken.None);
        var buffer = new byte[100_000];
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            await upload.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None);
        }
        // Six full parts were due before completion; all but the one in flight have landed as parts, not as an object.
        Assert.InRange(PartsOnServer(), 5, 6);
        await upload.CompleteAsync(CancellationToken.None);
        await upload.DisposeAsync();

        await using var stored = await _storage.OpenReadAsync("big/object", CancellationToken.None);
        Assert.Equal(GeneratedFileStream.Sha256Of(size), Convert.ToHexStringLower(await SHA256.HashDataAsync(stored)));
    }

    [Fact]
    public async Task AnAbandonedUploadLeavesNoObjectAndAPresignedLinkExpires()
    {
        var upload = await _storage.BeginUploadAsync("abandoned", "application/pdf", CancellationToken.None);
        await upload.WriteAsync(new byte[9 * 1024 * 1024], CancellationToken.None);
        await upload.DisposeAsync();
        await Assert.ThrowsAsync<FileNotFoundException>(() => _storage.OpenReadAsync("abandoned", CancellationToken.None));

        await _storage.PutAsync("small", new MemoryStream([1, 2, 3]), "application/octet-stream", CancellationToken.None);
        using var http = new HttpClient();
        Assert.Equal([1, 2, 3], await http.GetByteArrayAsync(_storage.PresignedDownload("small", "a.bin", "application/octet-stream", DateTimeOffset.UtcNow.AddMinutes(1))));
        // The expiry is part of what is signed; a link whose time is up is refused by the server.
        var expired = _storage.PresignedDownload("small", "a.bin", "application/octet-stream", DateTimeOffset.UtcNow.AddSeconds(1))!;
        await Eventually.Until(async () => (await http.GetAsync(expired)).StatusCode, status => status == System.Net.HttpStatusCode.Forbidden,
            TimeSpan.FromSeconds(10), "the presigned link to expire");

        await _storage.DeleteAsync("small", CancellationToken.None);
        await Assert.ThrowsAsync<FileNotFoundException>(() => _storage.OpenReadAsync("small", CancellationToken.None));
    }

    /// <summary>
    /// s3rver answers ListMultipartUploads with 501 NotImplemented (and AbortMultipartUpload with 405), so the sweep
    /// cannot see a crashed upload's parts there: it says so (null) instead of failing, and leaves them to a bucket
    /// lifecycle rule. Against AWS S3 or MinIO the same call lists and aborts them.
    /// </summary>
    [Fact]
    public async Task TheSweepOfIncompleteUploadsSaysWhenTheServerCannotListThemAndLeavesObjectsAlone()
    {
        await _storage.PutAsync("kept", new MemoryStream([4, 5, 6]), "application/octet-stream", CancellationToken.None);
        // Parts sent, never completed nor aborted: what a process killed mid-upload leaves on the server.
        var crashed = await _storage.BeginUploadAsync("crashed", "application/pdf", CancellationToken.None);
        await crashed.WriteAsync(new byte[9 * 1024 * 1024], CancellationToken.None);
        await Eventually.Until(() => Task.FromResult(PartsOnServer()), parts => parts > 0, TimeSpan.FromSeconds(20), "a part on the server");

        var removed = await _storage.RemoveIncompleteUploadsAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);

        Assert.Null(removed);
        await using var kept = await _storage.OpenReadAsync("kept", CancellationToken.None);
        using var copy = new MemoryStream();
        await kept.CopyToAsync(copy);
        Assert.Equal([4, 5, 6], copy.ToArray());
        await crashed.DisposeAsync();
    }
}
