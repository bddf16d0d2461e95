using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Assignments;

public static class AssignmentsSetup
{
    /// <summary>The feature's cards on the home.</summary>
    public static WebApplicationBuilder AddCohortlyAssignments(this WebApplicationBuilder builder)
    {
        builder.Services.AddHomeCard<MyWorkHomeCard>();
        builder.Services.AddHomeCard<GradingHomeCard>();
        builder.Services.AddHomeCard<QuietStudentsHomeCard>();
        return builder;
    }
}
