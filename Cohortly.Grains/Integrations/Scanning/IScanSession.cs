namespace Cohortly.Integrations.Scanning;

public interface IScanSession : IAsyncDisposable
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    Task<ScanVerdict> CompleteAsync(CancellationToken cancellationToken);
}
