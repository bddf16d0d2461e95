using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Notifications;

/// <summary>
/// What a bootcamp's members see of its mentors' availability when a page opens (live changes then arrive as
/// `presence` messages). A stateless worker per silo that asks each mentor's availability grain. Key 0.
/// </summary>
[Alias("cohortly.notifications.mentor-presence-reader")]
public interface IMentorPresenceReaderGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Members of the bootcamp and admins; the bootcamp's mentors by name.</summary>
    [Alias("list")]
    Task<ImmutableArray<MentorPresence>> ListAsync(Caller caller, string bootcampId);
}
