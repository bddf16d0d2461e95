using Cohortly.Notifications;

namespace Cohortly.Frontend.Notifications;

/// <summary>SignalR group names: one per user, one per audience of a bootcamp, one per chat room.</summary>
public static class HubGroups
{
    public static string User(string userId) => $"user:{userId}";

    public static string Bootcamp(string bootcampId, Audience audience) => $"bootcamp:{bootcampId}:{audience.ToString().ToLowerInvariant()}";

    public static string Chat(string bootcampId) => $"bootcamp:{bootcampId}:chat";
}
