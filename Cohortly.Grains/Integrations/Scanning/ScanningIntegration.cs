using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Scanning;

public static class ScanningIntegration
{
    /// <summary>Where the scanner's settings live: under Storage, for compatibility (see <see cref="ClamAvOptions"/>).</summary>
    public const string Section = "Cohortly:Storage:ClamAv";

    /// <summary>clamd over INSTREAM when <c>Cohortly:Storage:ClamAv:Host</c> is set; otherwise every upload passes unscanned.</summary>
    public static IServiceCollection AddCohortlyScanning(this IServiceCollection services)
    {
        services.AddOptions<ClamAvOptions>().BindConfiguration(Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IUploadScanner>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClamAvOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.Host) ? new NoScanner() : new ClamAvScanner(options);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClamAvOptions>>().Value;
            return string.IsNullOrWhiteSpace(options.Host)
                ? new IntegrationChoice("Scanning", true, $"{Section}:Host is not set; uploads are not scanned for malware")
                : new IntegrationChoice("Scanning", false, $"uploads are scanned by clamd at {options.Host}:{options.Port}");
        });
        return services;
    }
}
