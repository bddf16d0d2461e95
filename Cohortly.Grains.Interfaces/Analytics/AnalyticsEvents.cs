using Cohortly.Events;

namespace Cohortly.Analytics;

/// <summary>
/// A dashboard figure changed. Live only: the projection puts it on the bootcamp's stream for the watchers' front ends, at
/// most once a second per figure, straight from memory and not through an outbox (a lost one is made good by the next, and
/// the page reads the dashboard again on each).
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.analytics-changed")]
public sealed record AnalyticsChanged(string EventId, DateTimeOffset OccurredAt, string BootcampId,
    [property: Id(0)] string Metric,
    [property: Id(1)] decimal? Value) : DomainEvent(EventId, OccurredAt, BootcampId);
