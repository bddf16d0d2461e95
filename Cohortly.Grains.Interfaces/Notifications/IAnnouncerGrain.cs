using Cohortly.Common;

namespace Cohortly.Notifications;

/// <summary>Makes announcements after checking who may: admins to anyone, instructors to their own bootcamps.</summary>
[Alias("cohortly.notifications.announcer")]
public interface IAnnouncerGrain : IGrainWithIntegerKey
{
    /// <summary>A null bootcamp id means everyone (admins only).</summary>
    [Alias("announce")]
    Task AnnounceAsync(Caller caller, string? bootcampId, string title, string body);
}
