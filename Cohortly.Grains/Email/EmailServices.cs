using Cohortly.Common;
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
        // Arming the outbox shards' sweeps also resumes at once whatever was queued when the process stopped.
        ArmAtSiloStart.Add(services, "email reminders", async grains =>
        {
            await grains.GetGrain<IWeeklyReportScheduleGrain>(IWeeklyReportScheduleGrain.Key).EnsureScheduledAsync();
            await Task.WhenAll(Enumerable.Range(0, IOutboxShardGrain.Count).Select(shard => grains.GetGrain<IOutboxShardGrain>(shard).EnsureSweepingAsync()));
        });
        return services;
    }
}
