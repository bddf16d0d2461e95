using System.Collections.Immutable;
using Cohortly.Bootcamps;
using Cohortly.Common;

namespace Cohortly.LiveClasses;

[GenerateSerializer, Alias("cohortly.live-classes.calendar-feed-state")]
public sealed class CalendarFeedState
{
    /// <summary>The SHA-256 of the current token: the token is in the user's calendar app, not in our storage.</summary>
    [Id(0)] public string? TokenHash { get; set; }

    /// <summary>The token itself, so the user can copy the link again; only the user's own requests read it.</summary>
    [Id(1)] public string? Token { get; set; }
}

[GrainType("calendarfeed")]
public sealed class CalendarFeedGrain(
    [PersistentState("calendar-feed", StorageNames.Cohortly)] IPersistentState<CalendarFeedState> state) : Grain, ICalendarFeedGrain
{
    private string UserId => this.GetPrimaryKeyString();

    public async Task<string> GetTokenAsync() => state.State.Token ?? await RotateAsync();

    public async Task<string> RotateAsync()
    {
        var token = SecureTokens.NewSecret();
        var hash = SecureTokens.Hash(token);
        // The new token works before the old one stops, and the old one stops before the rotation is acknowledged.
        await GrainFactory.GetGrain<ICalendarTokenGrain>(hash).SetAsync(UserId);
        var old = state.State.TokenHash;
        state.State.TokenHash = hash;
        state.State.Token = token;
        await state.WriteStateAsync();
        if (old is not null)
        {
            await GrainFactory.GetGrain<ICalendarTokenGrain>(old).RevokeAsync();
        }
        return token;
    }

    public async Task<ImmutableArray<SessionSnapshot>?> ReadAsync(string token)
    {
        if (state.State.TokenHash is not { } hash || !SecureTokens.Matches(token, hash))
        {
            return null;
        }
        var memberships = await GrainFactory.GetGrain<IUserMembershipsGrain>(UserId).ListAsync();
        var lists = await Task.WhenAll(memberships.Select(m => m.BootcampId).Distinct()
            .Select(bootcampId => GrainFactory.GetGrain<IBootcampSessionsGrain>(bootcampId).PeekAsync()));
        return [.. lists.SelectMany(list => list).OrderBy(s => s.Details.StartsAt)];
    }
}
