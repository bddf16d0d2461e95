namespace Cohortly.Frontend.Health;

public static class HealthSetup
{
    public static IServiceCollection AddCohortlyHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [HealthApi.ReadyTag]);
        return services;
    }
}
