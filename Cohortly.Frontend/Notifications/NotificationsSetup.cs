using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.Notifications;
using Microsoft.AspNetCore.SignalR;

namespace Cohortly.Frontend.Notifications;

public static class NotificationsSetup
{
    /// <summary>The hub, the batching connection manager, the stream bridge and the rules it pushes by.</summary>
    public static WebApplicationBuilder AddCohortlyNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSignalR(hub => hub.AddFilter<HubRateLimitFilter>());
        services.AddSingleton<HubRateLimitFilter>();
        services.AddBatchingHubLifetimeManager<NotificationsHub>();
        NotificationMappers.Register(services);
        services.AddSingleton<ILiveRoute, MessagingLiveRoute>();
        services.AddSingleton<UserConnections>();
        services.AddSingleton<NotificationBridge>();
        services.AddHomeCard<InboxHomeCard>();
        services.AddHomeCard<AvailabilityHomeCard>();
        return builder;
    }
}
