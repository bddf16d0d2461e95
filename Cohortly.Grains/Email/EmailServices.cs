using Microsoft.Extensions.DependencyInjection;

namespace Cohortly.Email;

public static class EmailServices
{
    /// <summary>
    /// The email feature's own services: templates, links, and the silo start-up that arms the outbox and weekly reports.
    /// The transport behind it comes from <c>AddCohortlyIntegrations()</c> (Integrations/Email).
    /// </summary>
    public static IServiceCollection AddCohortlyEmailFeature(this IServiceCollection services)
    {
        services.AddSingleton<EmailTemplates>();
        services.AddSingleton<EmailLinks>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, EmailStartup>();
        return services;
    }
}
