using Cohortly.Common;
using Cohortly.Integrations.Scanning;
using Cohortly.Integrations.Storage;
using Cohortly.Silo.Hosting;

namespace Cohortly.Frontend.Files;

/// <summary>Object storage, the upload scanner and download links for the file endpoints of this front end.</summary>
public static class FilesSetup
{
    public static WebApplicationBuilder AddCohortlyFiles(this WebApplicationBuilder builder)
    {
        var options = new StorageOptions();
        builder.Configuration.GetSection(StorageOptions.Section).Bind(options);
        var cohortly = builder.Configuration.ReadCohortlyOptions();
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton<IObjectStorage>(_ => options.EffectiveProvider == StorageProvider.S3
            ? new S3ObjectStorage(options)
            : new LocalDiskStorage(new DataDirectory(cohortly.DataDirectory)));
        services.AddSingleton<IUploadScanner>(_ => string.IsNullOrWhiteSpace(options.ClamAv.Host) ? new NoScanner() : new ClamAvScanner(options.ClamAv));
        services.AddSingleton(sp => FileLinks.Create(sp.GetRequiredService<IObjectStorage>(), options, cohortly, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new FileStorageAvailability(
            // DESIGN.md: no local files in cluster mode. Another front end could not serve what this one stored.
            cohortly.Mode == CohortlyMode.Cluster && options.EffectiveProvider == StorageProvider.LocalDisk
                ? "Cluster mode needs S3-compatible storage (Cohortly:Storage:Bucket, ServiceUrl, AccessKey, SecretKey); files are refused until it is configured."
                : null));
        services.AddSingleton<FileUploads>();
        services.AddHostedService<StorageStartup>();
        return builder;
    }
}

/// <summary>Null when files can be stored here; otherwise why not (answered as 503 by the file endpoints).</summary>
public sealed record FileStorageAvailability(string? Problem);

/// <summary>Says once which store files go to, and creates the bucket when asked to.</summary>
internal sealed class StorageStartup(IObjectStorage storage, StorageOptions options, FileStorageAvailability availability, ILogger<StorageStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (availability.Problem is not null)
        {
            logger.LogError("Storage: {Problem}", availability.Problem);
            return;
        }
        if (storage is S3ObjectStorage s3 && options.CreateBucket)
        {
            await s3.EnsureBucketAsync(cancellationToken);
        }
        if (options.EffectiveProvider == StorageProvider.LocalDisk)
        {
            logger.LogInformation("Storage: Cohortly:Storage is not configured; files are kept on the embedded {Store}, served through signed links", storage.Description);
        }
        else
        {
            logger.LogInformation("Storage: files are kept in {Store}", storage.Description);
        }
        if (!string.IsNullOrWhiteSpace(options.ClamAv.Host))
        {
            logger.LogInformation("Storage: uploads are scanned by clamd at {Host}:{Port}", options.ClamAv.Host, options.ClamAv.Port);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
