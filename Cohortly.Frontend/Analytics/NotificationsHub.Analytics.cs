using Cohortly.Analytics;
using Cohortly.Common;
using Cohortly.Frontend.Analytics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.FeatureManagement;

namespace Cohortly.Frontend.Notifications;

/// <summary>The Analytics feature's hub method, kept with the feature.</summary>
public sealed partial class NotificationsHub
{
    /// <summary>
    /// Starts pushing <c>analytics</c> messages of the bootcamp to this connection: the bootcamp's staff and admins, as the
    /// projection grain decides. The connection listens to the bootcamp's stream like a member's does.
    /// </summary>
    public async Task WatchAnalytics(string bootcampId)
    {
        if (string.IsNullOrWhiteSpace(bootcampId) || bootcampId.Length > 64)
        {
            throw new HubException("bootcampId is required.");
        }
        if (!await Context.GetHttpContext()!.RequestServices.GetRequiredService<IFeatureManager>().IsEnabledAsync(AnalyticsSetup.Flag))
        {
            throw new HubException("Analytics are switched off.");
        }
        var caller = await CurrentCallerAsync();
        try
        {
            await cluster.GetGrain<IBootcampAnalyticsGrain>(bootcampId).RequireWatcherAsync(caller);
        }
        catch (DomainException refused)
        {
            // HubException is the one exception whose message reaches the client.
            throw new HubException(refused.Message);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, AnalyticsLiveRoute.Group(bootcampId));
        await bridge.WatchAsync(Context.ConnectionId, NotificationBridge.BootcampStream(bootcampId));
    }
}
