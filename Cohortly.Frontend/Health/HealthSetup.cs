using Cohortly.Integrations.Scanning;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Cohortly.Frontend.Health;

public static class HealthSetup
{
    /// <summary>One readiness check per dependency, named as <c>/health/ready</c> reports them.</summary>
    public static IServiceCollection AddCohortlyHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [HealthApi.ReadyTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthApi.ReadyTag])
            .AddCheck<StorageHealthCheck>("storage", tags: [HealthApi.ReadyTag])
            .AddCheck<SmtpHealthCheck>("smtp", tags: [HealthApi.ReadyTag]);
        // Only where uploads are scanned: with scanning off there is no clamd to report on.
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<ClamAvOptions>>((health, clamd) =>
        {
            if (!string.IsNullOrWhiteSpace(clamd.Value.Host))
            {
                health.Registrations.Add(new HealthCheckRegistration(ClamdHealthCheck.Name,
                    services => ActivatorUtilities.CreateInstance<ClamdHealthCheck>(services), failureStatus: null, tags: [HealthApi.ReadyTag]));
            }
        });
        return services;
    }
}
