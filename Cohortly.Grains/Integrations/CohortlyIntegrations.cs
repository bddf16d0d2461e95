using Cohortly.Common;
using Cohortly.Integrations.Certificates;
using Cohortly.Integrations.Email;
using Cohortly.Integrations.Images;
using Cohortly.Integrations.Meetings;
using Cohortly.Integrations.Payments;
using Cohortly.Integrations.Scanning;
using Cohortly.Integrations.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cohortly.Integrations;

public static class CohortlyIntegrations
{
    /// <summary>
    /// Every outside service behind its port, each bound from <c>Cohortly:&lt;Name&gt;</c>, validated at start, on its real
    /// adapter when configured and its embedded stand-in otherwise (DESIGN.md, "Integrations sit behind small
    /// interfaces"). The one call a silo host and a front end make; a new integration adds its line here.
    /// </summary>
    public static IServiceCollection AddCohortlyIntegrations(this IServiceCollection services, DataDirectory dataDirectory)
    {
        // The embedded stand-ins (dev mailbox, local disk) keep their data here.
        services.TryAddSingleton(dataDirectory);
        services.TryAddSingleton(TimeProvider.System);
        services.AddCohortlyEmail();
        services.AddCohortlyStorage();
        services.AddCohortlyScanning();
        services.AddCohortlyImages();
        services.AddCohortlyPayments();
        services.AddCohortlyCertificates();
        services.AddCohortlyMeetings();
        services.AddHostedService<IntegrationReport>();
        return services;
    }
}
