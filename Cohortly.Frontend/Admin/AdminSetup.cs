using Cohortly.Frontend.Features;

namespace Cohortly.Frontend.Admin;

public static class AdminSetup
{
    /// <summary>The Orleans dashboard at <c>/dashboard</c>, for admins.</summary>
    public const string DashboardFlag = "Dashboard";

    public static WebApplicationBuilder AddCohortlyAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddFeatureFlag(DashboardFlag);
        return builder;
    }
}
