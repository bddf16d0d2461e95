using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Storage;

/// <summary>Creates the bucket at start when <c>Cohortly:Storage:CreateBucket</c> asks for it (MinIO, s3rver, tests).</summary>
internal sealed class S3BucketStartup(IObjectStorage storage, IOptions<StorageOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (storage is S3ObjectStorage s3 && options.Value.CreateBucket)
        {
            await s3.EnsureBucketAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
