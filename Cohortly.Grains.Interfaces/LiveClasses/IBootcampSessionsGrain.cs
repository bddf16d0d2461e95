using System.Collections.Immutable;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.LiveClasses;

/// <summary>A bootcamp's live classes in start order, keyed by bootcamp id; bounded by <see cref="LiveClassRules.MaxSessionsPerBootcamp"/>.</summary>
[Alias("cohortly.live-classes.bootcamp-sessions")]
public interface IBootcampSessionsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Instructors of the bootcamp: one session, or <paramref name="weeklyCount"/> sessions a week apart at the same local
    /// time. Ids are derived from <paramref name="requestId"/>, so a retry makes nothing twice.
    /// </summary>
    [Alias("schedule")]
    Task<ImmutableArray<string>> ScheduleAsync(Caller caller, string requestId, SessionDetails first, int weeklyCount);

    /// <summary>Members of the bootcamp and admins; cancelled sessions stay listed, marked.</summary>
    [Alias("list")]
    Task<ImmutableArray<SessionSnapshot>> ListAsync(Caller caller);

    /// <summary>Without an access check, for the calendar feed and home card that checked membership already.</summary>
    [Alias("peek"), ReadOnly]
    Task<ImmutableArray<SessionSnapshot>> PeekAsync();

    /// <summary>A session tells its bootcamp of a change, so the list keeps its order and values.</summary>
    [Alias("put")]
    Task PutAsync(SessionSnapshot session);
}
