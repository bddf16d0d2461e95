using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.Frontend.Notifications;

namespace Cohortly.Frontend.Analytics;

public static class AnalyticsSetup
{
    public const string Flag = "Analytics";

    public static WebApplicationBuilder AddCohortlyAnalytics(this WebApplicationBuilder builder)
    {
        builder.Services.AddFeatureFlag(Flag);
        builder.Services.AddSingleton<ILiveRoute, AnalyticsLiveRoute>();
        builder.Services.AddHomeCard<AtRiskHomeCard>();
        return builder;
    }
}
