namespace Cohortly.Events;

/// <summary>
/// Something that happened in the domain. Delivery may repeat (streams are at-least-once), so consumers
/// deduplicate by <see cref="EventId"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.events.domain-event")]
public abstract record DomainEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] DateTimeOffset OccurredAt,
    [property: Id(2)] string BootcampId)
{
    /// <summary>The user the event is about, whose own stream also carries it; null for bootcamp-wide events.</summary>
    public virtual string? SubjectUserId => null;
}
