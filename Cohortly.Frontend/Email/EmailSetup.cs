using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Email;

public static class EmailSetup
{
    /// <summary>The feature's cards on the home.</summary>
    public static WebApplicationBuilder AddCohortlyEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddHomeCard<FailedEmailsHomeCard>();
        return builder;
    }
}
