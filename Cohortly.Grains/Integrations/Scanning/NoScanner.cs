namespace Cohortly.Integrations.Scanning;

/// <summary>No scanner configured: every upload passes.</summary>
public sealed class NoScanner : IUploadScanner, IScanSession
{
    public Task<IScanSession> BeginAsync(CancellationToken cancellationToken) => Task.FromResult<IScanSession>(this);

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public Task<ScanVerdict> CompleteAsync(CancellationToken cancellationToken) => Task.FromResult(ScanVerdict.Passed);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
