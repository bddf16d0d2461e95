namespace Cohortly.Integrations.Storage;

public static class ObjectStorageExtensions
{
    /// <summary>Writes a whole stream as one object.</summary>
    public static async Task PutAsync(this IObjectStorage storage, string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        await using var upload = await storage.BeginUploadAsync(key, contentType, cancellationToken);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await upload.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        await upload.CompleteAsync(cancellationToken);
    }
}
