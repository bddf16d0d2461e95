using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.Silo.Hosting;

namespace Cohortly.Frontend.Email;

public static class EmailSetup
{
    /// <summary>The web app's page over <c>GET /dev/mailbox</c>, which exists only where the embedded transport writes one.</summary>
    public const string DevMailboxFlag = "DevMailbox";

    public static WebApplicationBuilder AddCohortlyEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddHomeCard<FailedEmailsHomeCard>();
        builder.Services.AddFeatureFlag(DevMailboxFlag);
        // On in embedded mode and off in cluster mode, unless configuration says otherwise.
        var key = $"FeatureManagement:{DevMailboxFlag}";
        if (builder.Configuration[key] is null)
        {
            var embedded = builder.Configuration.ReadCohortlyOptions().Mode == CohortlyMode.Embedded;
            builder.Configuration.AddInMemoryCollection([new(key, embedded ? "true" : "false")]);
        }
        return builder;
    }
}
