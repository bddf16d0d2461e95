using System.Collections.Immutable;

namespace Cohortly.LiveClasses;

/// <summary>One user's calendar feed, keyed by user id: the secret in its URL, and what it lists.</summary>
[Alias("cohortly.live-classes.calendar-feed")]
public interface ICalendarFeedGrain : IGrainWithStringKey
{
    /// <summary>The feed's secret token, made on first use. Only the user's own requests reach this (the key is their id).</summary>
    [Alias("token")]
    Task<string> GetTokenAsync();

    /// <summary>A new token; the old one stops working at once.</summary>
    [Alias("rotate")]
    Task<string> RotateAsync();

    /// <summary>The live classes of every bootcamp the user belongs to, or null when <paramref name="token"/> is not the current one.</summary>
    [Alias("read")]
    Task<ImmutableArray<SessionSnapshot>?> ReadAsync(string token);
}
