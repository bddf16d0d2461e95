using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

/// <summary>A mentor's availability, which a reminder switches off at its end time even across restarts. Keyed by user id.</summary>
[Alias("cohortly.notifications.mentor-availability")]
public interface IMentorAvailabilityGrain : IGrainWithStringKey
{
    [Alias("set")]
    Task SetAsync(Caller caller, bool available, DateTimeOffset? until);

    [Alias("get"), ReadOnly]
    Task<MentorAvailability> GetAsync();

    /// <summary>The mentor's own state, for their switch; other callers and non-mentors are refused.</summary>
    [Alias("get-own"), ReadOnly]
    Task<MentorAvailability> GetOwnAsync(Caller caller);
}
