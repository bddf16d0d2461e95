using Cohortly.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Meetings;

public static class MeetingsIntegration
{
    /// <summary>
    /// <c>Cohortly:Meetings</c>: live classes meet in Cohortly's own room (no outside service yet), and check-in codes are
    /// signed with the configured key or one generated once in the data directory.
    /// </summary>
    public static IServiceCollection AddCohortlyMeetings(this IServiceCollection services)
    {
        services.AddOptions<MeetingsOptions>().BindConfiguration(MeetingsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<MeetingsOptions>>().Value.CheckInKey;
            return new CheckInCodes(string.IsNullOrWhiteSpace(configured)
                ? sp.GetRequiredService<DataDirectory>().Key("live-class-checkin-key", 32)
                : Convert.FromBase64String(configured));
        });
        services.AddSingleton(sp => new IntegrationChoice("Meetings", true,
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<MeetingsOptions>>().Value.CheckInKey)
                ? "Cohortly's own live room; the check-in key is generated once in the data directory's keys/"
                : "Cohortly's own live room; the check-in key from configuration"));
        return services;
    }
}
