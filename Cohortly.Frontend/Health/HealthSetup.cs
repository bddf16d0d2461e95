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
        return services;
    }
}
