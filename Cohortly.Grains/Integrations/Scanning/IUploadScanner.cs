namespace Cohortly.Integrations.Scanning;

/// <summary>A malware scan fed the upload's bytes as they arrive, so scanning adds no second pass over the file.</summary>
public interface IUploadScanner
{
    Task<IScanSession> BeginAsync(CancellationToken cancellationToken);
}

public interface IScanSession : IAsyncDisposable
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    Task<ScanVerdict> CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>Clean, or infected with the named signature.</summary>
public sealed record ScanVerdict(bool Clean, string? Signature)
{
    public static readonly ScanVerdict Passed = new(true, null);
}

/// <summary>The scanner could not be reached or gave no verdict; the upload is refused, not waved through.</summary>
public sealed class ScannerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>No scanner configured: every upload passes.</summary>
public sealed class NoScanner : IUploadScanner, IScanSession
{
    public Task<IScanSession> BeginAsync(CancellationToken cancellationToken) => Task.FromResult<IScanSession>(this);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task<ScanVerdict> CompleteAsync(CancellationToken cancellationToken) => Task.FromResult(ScanVerdict.Passed);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
