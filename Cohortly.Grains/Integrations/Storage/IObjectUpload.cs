namespace Cohortly.Integrations.Storage;

/// <summary>One object being written; see <see cref="IObjectStorage.BeginUploadAsync"/>.</summary>
public interface IObjectUpload : IAsyncDisposable
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Throws away everything written; disposing an upload that was not completed does the same.</summary>
    Task AbortAsync();
}
