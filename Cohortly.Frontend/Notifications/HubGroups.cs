using Cohortly.Bootcamps;
using Cohortly.Notifications;

namespace Cohortly.Frontend.Notifications;

/// <summary>SignalR group names: one per user, one per audience of a bootcamp, one per chat room.</summary>
public static class HubGroups
{
    public static string User(string userId) => $"user:{userId}";

    public static string Bootcamp(string bootcampId, Audience audience) => $"bootcamp:{bootcampId}:{audience.ToString().ToLowerInvariant()}";

    public static string Chat(string bootcampId) => $"bootcamp:{bootcampId}:chat";

    /// <summary>The audiences a member of the given role belongs to.</summary>
    public static IEnumerable<Audience> AudiencesOf(MemberRole role) => role switch
    {
        MemberRole.Student => [Audience.Members, Audience.Students],
        MemberRole.Mentor => [Audience.Members, Audience.Staff],
        MemberRole.Instructor => [Audience.Members, Audience.Staff, Audience.Instructors],
        _ => [],
    };
}
