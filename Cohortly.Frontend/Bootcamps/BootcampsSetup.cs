using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Bootcamps;

public static class BootcampsSetup
{
    /// <summary>The feature's cards on the home.</summary>
    public static WebApplicationBuilder AddCohortlyBootcamps(this WebApplicationBuilder builder)
    {
        builder.Services.AddHomeCard<ProgressHomeCard>();
        builder.Services.AddHomeCard<TeachingHomeCard>();
        builder.Services.AddHomeCard<MentorStudentsHomeCard>();
        builder.Services.AddHomeCard<PlatformHomeCard>();
        return builder;
    }
}
