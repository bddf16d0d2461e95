using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Integrations.Storage;
using Cohortly.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Cohortly.Frontend.Files;

/// <summary>
/// Download links and uploads for the file endpoints of this front end. Storage, the scanner and the image processor
/// come from <c>AddCohortlyIntegrations()</c> (Cohortly.Grains/Integrations), which the Orleans set-up of either mode calls.
/// </summary>
public static class FilesSetup
{
    public static WebApplicationBuilder AddCohortlyFiles(this WebApplicationBuilder builder)
    {
        var cohortly = builder.Configuration.ReadCohortlyOptions();
        var services = builder.Services;
        services.AddSingleton(sp => FileLinks.Create(
            sp.GetRequiredService<IObjectStorage>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value, cohortly, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FileStorageAvailability(
            // DESIGN.md: no local files in cluster mode. Another front end could not serve what this one stored.
            cohortly.Mode == CohortlyMode.Cluster && sp.GetRequiredService<IOptions<StorageOptions>>().Value.EffectiveProvider == StorageProvider.LocalDisk
                ? "Cluster mode needs S3-compatible storage (Cohortly:Storage:Bucket, ServiceUrl, AccessKey, SecretKey); files are refused until it is configured."
                : null));
        services.AddSingleton(UploadSpool.InTemp());
        services.AddSingleton<FileUploads>();
        services.AddHostedService<UploadHousekeeping>();
        services.AddRateLimiter(limiter => limiter.AddPolicy(FileUploads.RatePolicy, http => RateLimits.PerMinute(
            "upload:" + http.User.UserIdOf(), http.RequestServices.GetRequiredService<IOptions<EdgeOptions>>().Value.UploadsPerMinute)));
        services.AddHostedService<FileStorageCheck>();
        return builder;
    }
}

/// <summary>Null when files can be stored here; otherwise why not (answered as 503 by the file endpoints).</summary>
public sealed record FileStorageAvailability(string? Problem);

/// <summary>Says at start, as an error, when this front end refuses files; the Storage integration's line says which store it has.</summary>
internal sealed class FileStorageCheck(FileStorageAvailability availability, ILogger<FileStorageCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (availability.Problem is not null)
        {
            logger.LogError("Storage: {Problem}", availability.Problem);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
