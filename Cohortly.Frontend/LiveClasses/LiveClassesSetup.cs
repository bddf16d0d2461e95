using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.Frontend.Notifications;

namespace Cohortly.Frontend.LiveClasses;

public static class LiveClassesSetup
{
    public const string Flag = "LiveClasses";

    public static WebApplicationBuilder AddCohortlyLiveClasses(this WebApplicationBuilder builder)
    {
        builder.Services.AddFeatureFlag(Flag);
        builder.Services.AddSingleton<ILiveRoute, LiveClassesLiveRoute>();
        builder.Services.AddHomeCard<NextClassHomeCard>();
        return builder;
    }
}
