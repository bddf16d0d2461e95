using Cohortly.Common;

namespace Cohortly.Notifications;

/// <summary>Makes announcements after checking who may: admins to anyone, instructors to their own bootcamps.</summary>
[Alias("cohortly.notifications.announcer")]
public interface IAnnouncerGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// A null bootcamp id means everyone (admins only). With an <paramref name="announcementId"/> (from the request's
    /// Idempotency-Key) a repeat is the same announcement; without one each call is a new announcement.
    /// </summary>
    [Alias("announce")]
    Task AnnounceAsync(Caller caller, string? bootcampId, string title, string body, string? announcementId);
}
