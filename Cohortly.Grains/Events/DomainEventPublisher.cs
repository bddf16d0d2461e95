using Cohortly.Common;
using Orleans.Streams;

namespace Cohortly.Events;

public static class DomainEventPublisher
{
    /// <summary>
    /// Puts the event on its bootcamp's stream (the everyone stream when it has no bootcamp) and, when it
    /// concerns one user, on that user's stream too.
    /// </summary>
    public static async Task PublishAsync(this Grain grain, DomainEvent domainEvent)
    {
        var provider = grain.GetStreamProvider(EventStreams.Provider);
        var audienceStream = string.IsNullOrEmpty(domainEvent.BootcampId)
            ? StreamId.Create(EventStreams.Everyone, EventStreams.EveryoneKey)
            : StreamId.Create(EventStreams.Bootcamp, domainEvent.BootcampId);
        await provider.GetStream<DomainEvent>(audienceStream).OnNextAsync(domainEvent);
        if (domainEvent.SubjectUserId is { } userId)
        {
            await provider.GetStream<DomainEvent>(StreamId.Create(EventStreams.User, userId)).OnNextAsync(domainEvent);
        }
    }

    /// <summary>
    /// Puts an event about one user on that user's stream only: what only their own live connections act on
    /// (sessions ended, roles changed) must not reach the everyone stream's listeners.
    /// </summary>
    public static Task PublishToUserAsync(this Grain grain, DomainEvent domainEvent) =>
        grain.GetStreamProvider(EventStreams.Provider)
            .GetStream<DomainEvent>(StreamId.Create(EventStreams.User, domainEvent.SubjectUserId!))
            .OnNextAsync(domainEvent);

    public static string NewEventId() => SecureTokens.NewId();
}
