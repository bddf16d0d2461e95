using Cohortly.Common;

namespace Cohortly.Integrations.Storage;

/// <summary>
/// The embedded store: one file per key under <c>{data}/files</c>. Uploads go to a temporary file in the same
/// folder tree and are moved into place when complete, so a reader never sees half a file.
/// </summary>
public sealed class LocalDiskStorage : IObjectStorage
{
    private readonly string _root;
    private readonly string _incoming;

    public LocalDiskStorage(DataDirectory dataDirectory)
    {
        // Created with the first upload: a process that never stores a file (a cluster front end refusing
        // local files) leaves no folder behind.
        _root = Path.Combine(dataDirectory.Path, "files");
        _incoming = Path.Combine(_root, ".incoming");
    }

    public string Description => $"local disk ({_root})";

    public Task<IObjectUpload> BeginUploadAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_incoming);
        var temporary = Path.Combine(_incoming, Guid.NewGuid().ToString("N"));
        return Task.FromResult<IObjectUpload>(new DiskUpload(temporary, PathOf(key)));
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return File.Exists(path)
            ? Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan))
            : throw new FileNotFoundException($"No stored object {key}.");
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
            // Never stored: removing it is done already, as S3 treats it.
        }
        return Task.CompletedTask;
    }

    public Task<int?> RemoveIncompleteUploadsAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_incoming))
        {
            return Task.FromResult<int?>(0);
        }
        var removed = 0;
        foreach (var file in new DirectoryInfo(_incoming).EnumerateFiles())
        {
            // The last write, not the creation: an upload still receiving bytes is never taken for an abandoned one.
            if (file.LastWriteTimeUtc < startedBefore.UtcDateTime)
            {
                file.Delete();
                removed++;
            }
        }
        return Task.FromResult<int?>(removed);
    }

    public Uri? PresignedDownload(string key, string fileName, string contentType, DateTimeOffset expiresAt) => null;

    /// <summary>Keys are ours (hex ids and fixed words), but a key that would leave the root is refused all the same.</summary>
    private string PathOf(string key)
    {
        if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_') || key.Contains("//", StringComparison.Ordinal) || key.StartsWith('/'))
        {
            throw new ArgumentException($"Not a storage key: {key}", nameof(key));
        }
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private sealed class DiskUpload(string temporary, string destination) : IObjectUpload
    {
        private readonly FileStream _file = new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        private bool _done;

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            await _file.WriteAsync(chunk, cancellationToken);
        }

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            await _file.FlushAsync(cancellationToken);
            await _file.DisposeAsync();
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Move(temporary, destination, overwrite: true);
            _done = true;
        }

        public async Task AbortAsync()
        {
            if (_done)
            {
                return;
            }
            _done = true;
            await _file.DisposeAsync();
            File.Delete(temporary);
        }

        public async ValueTask DisposeAsync() => await AbortAsync();
    }
}
