using Orleans.Concurrency;

namespace Cohortly.LiveClasses;

/// <summary>Which user a calendar token belongs to, keyed by the token's hash (the token itself is stored nowhere).</summary>
[Alias("cohortly.live-classes.calendar-token")]
public interface ICalendarTokenGrain : IGrainWithStringKey
{
    [Alias("user"), ReadOnly]
    Task<string?> GetUserAsync();

    [Alias("set")]
    Task SetAsync(string userId);

    [Alias("revoke")]
    Task RevokeAsync();
}
