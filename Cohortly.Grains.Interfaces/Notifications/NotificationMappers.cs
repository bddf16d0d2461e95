using System.Collections.Immutable;
using System.Globalization;
using Cohortly.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cohortly.Notifications;

/// <summary>
/// Turns domain events into notifications by asking every feature's <see cref="INotificationMapper"/>. Shared by the
/// inbox and feed grains in the silo and the live bridge in each front end, so what arrives live and what lands in
/// the inbox are the same message with the same id.
/// </summary>
public sealed class NotificationMappers(IEnumerable<INotificationMapper> mappers)
{
    private readonly ImmutableArray<INotificationMapper> _mappers = [.. mappers];

    /// <summary>Null when the event is not something anyone is notified of.</summary>
    public Delivery? For(DomainEvent domainEvent)
    {
        foreach (var mapper in _mappers)
        {
            if (mapper.Map(domainEvent) is { } delivery)
            {
                return delivery;
            }
        }
        return null;
    }

    /// <summary>
    /// Registers every <see cref="INotificationMapper"/> in this assembly (one per feature folder) and the composite.
    /// Idempotent: the embedded process registers it for both its silo and its front end.
    /// </summary>
    public static IServiceCollection Register(IServiceCollection services)
    {
        var mapperTypes = typeof(INotificationMapper).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.IsAssignableTo(typeof(INotificationMapper)));
        foreach (var type in mapperTypes)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(INotificationMapper), type));
        }
        services.TryAddSingleton<NotificationMappers>();
        return services;
    }

    public static Delivery ToUser(DomainEvent e, string userId, string kind, string title, string body, params (string Key, string Value)[] data) =>
        new(null, userId, Build(e, kind, title, body, data));

    public static Delivery ToAudience(DomainEvent e, Audience audience, string kind, string title, string body, params (string Key, string Value)[] data) =>
        new(audience, null, Build(e, kind, title, body, data));

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static Notification Build(DomainEvent e, string kind, string title, string body, (string Key, string Value)[] data) =>
        new(e.EventId, kind, title, body, string.IsNullOrEmpty(e.BootcampId) ? null : e.BootcampId, e.OccurredAt,
            data.ToImmutableDictionary(pair => pair.Key, pair => pair.Value), Read: false);
}
