using System.Collections.Immutable;
using Cohortly.Bootcamps;
using Cohortly.Common;

namespace Cohortly.LiveClasses;

[GenerateSerializer, Alias("cohortly.live-classes.bootcamp-sessions-state")]
public sealed class BootcampSessionsState
{
    /// <summary>Each session as it last told its bootcamp, by id.</summary>
    [Id(0)] public Dictionary<string, SessionSnapshot> Sessions { get; set; } = [];
}

/// <summary>
/// The bootcamp's list of live classes. It creates the sessions of a schedule (the session grains hold the truth) and keeps
/// a copy of each for the list, which sessions refresh when they change. Bounded, so one grain read answers the list.
/// </summary>
[GrainType("bootcampsessions")]
public sealed class BootcampSessionsGrain(
    [PersistentState("bootcamp-sessions", StorageNames.Cohortly)] IPersistentState<BootcampSessionsState> state) : Grain, IBootcampSessionsGrain
{
    private string BootcampId => this.GetPrimaryKeyString();

    public async Task<ImmutableArray<string>> ScheduleAsync(Caller caller, string requestId, SessionDetails first, int weeklyCount)
    {
        await GrainFactory.RequireBootcampAsync(BootcampId);
        await GrainFactory.RequireInstructorAsync(caller, BootcampId);
        LiveClassRules.RequireValid(first);
        if (weeklyCount is < 1 or > LiveClassRules.MaxWeeklyCount)
        {
            throw DomainException.Validation("weeklyCount", $"weeklyCount is between 1 and {LiveClassRules.MaxWeeklyCount}.");
        }
        var ids = Enumerable.Range(0, weeklyCount).Select(i => weeklyCount == 1 ? requestId : $"{requestId}-{i + 1}").ToImmutableArray();
        var fresh = ids.Count(id => !state.State.Sessions.ContainsKey(id));
        if (state.State.Sessions.Count + fresh > LiveClassRules.MaxSessionsPerBootcamp)
        {
            throw DomainException.Conflict("too-many-sessions", $"A bootcamp holds at most {LiveClassRules.MaxSessionsPerBootcamp} live classes.");
        }
        var starts = LiveClassRules.WeeklyStarts(first.StartsAt, first.TimeZone, weeklyCount);
        var seriesId = weeklyCount == 1 ? null : requestId;
        // One at a time: a crash part-way leaves the first ones made, and the retry under the same key finishes the rest.
        for (var i = 0; i < ids.Length; i++)
        {
            var made = await GrainFactory.GetGrain<ISessionGrain>(ids[i]).CreateAsync(BootcampId, first with { StartsAt = starts[i] }, seriesId, caller.UserId);
            state.State.Sessions[made.SessionId] = made;
        }
        await state.WriteStateAsync();
        return ids;
    }

    public async Task<ImmutableArray<SessionSnapshot>> ListAsync(Caller caller)
    {
        await GrainFactory.RequireMemberAsync(caller, BootcampId, "Only the bootcamp's members can see its live classes.");
        return Ordered();
    }

    public Task<ImmutableArray<SessionSnapshot>> PeekAsync() => Task.FromResult(Ordered());

    public async Task PutAsync(SessionSnapshot session)
    {
        if (session.BootcampId != BootcampId
            || (state.State.Sessions.TryGetValue(session.SessionId, out var known) && known.UpdatedAt > session.UpdatedAt))
        {
            return;
        }
        state.State.Sessions[session.SessionId] = session;
        await state.WriteStateAsync();
    }

    private ImmutableArray<SessionSnapshot> Ordered() =>
        [.. state.State.Sessions.Values.OrderBy(s => s.Details.StartsAt).ThenBy(s => s.SessionId, StringComparer.Ordinal)];
}
