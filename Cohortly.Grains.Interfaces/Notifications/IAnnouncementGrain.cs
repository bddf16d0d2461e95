namespace Cohortly.Notifications;

/// <summary>
/// One announcement, keyed by its event id: the stored copy that makes an announcement durable before it is answered
/// 202, and hands it to the streams until they have it. Called by the announcer after its access checks.
/// </summary>
[Alias("cohortly.notifications.announcement")]
public interface IAnnouncementGrain : IGrainWithStringKey
{
    /// <summary>Stores and publishes the announcement; a repeat of the same announcement changes nothing.</summary>
    [Alias("make")]
    Task MakeAsync(AnnouncementMade announcement);
}
