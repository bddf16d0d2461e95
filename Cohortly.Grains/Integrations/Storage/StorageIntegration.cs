using Cohortly.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Storage;

public static class StorageIntegration
{
    /// <summary>
    /// <c>Cohortly:Storage</c>: any S3-compatible store when a bucket is set (or <c>Provider</c> says S3), else the embedded
    /// store on the local disk under the data directory. Whether local files are acceptable in this mode is the file
    /// feature's call (cluster front ends refuse them), not the integration's.
    /// </summary>
    public static IServiceCollection AddCohortlyStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.AddSingleton<IObjectStorage>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.EffectiveProvider == StorageProvider.S3
                ? new S3ObjectStorage(options)
                : new LocalDiskStorage(sp.GetRequiredService<DataDirectory>());
        });
        services.AddHostedService<S3BucketStartup>();
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IObjectStorage>();
            return storage is S3ObjectStorage
                ? new IntegrationChoice("Storage", false, $"files are kept in {storage.Description}")
                : new IntegrationChoice("Storage", true, $"{StorageOptions.Section} is not configured; files are kept on the {storage.Description}, served through signed links");
        });
        return services;
    }
}
