using Cohortly.Analytics;
using Cohortly.Events;
using Cohortly.Frontend.Notifications;

namespace Cohortly.Frontend.Analytics;

/// <summary>A dashboard figure's change to the connections watching that bootcamp's analytics.</summary>
public sealed class AnalyticsLiveRoute : ILiveRoute
{
    public static string Group(string bootcampId) => $"bootcamp:{bootcampId}:analytics";

    public Push? Route(DomainEvent domainEvent) => domainEvent is AnalyticsChanged changed
        ? new Push(Group(changed.BootcampId), "analytics", new AnalyticsMessage(changed.BootcampId, changed.Metric, changed.Value, changed.OccurredAt))
        : null;
}
