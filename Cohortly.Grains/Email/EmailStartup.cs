using Orleans.Runtime;

namespace Cohortly.Email;

/// <summary>
/// When a silo becomes active: arms the weekly report reminder and the outbox shards' sweeps (which also resume at
/// once whatever was queued when the process stopped).
/// </summary>
public sealed class EmailStartup(IGrainFactory grains) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EmailStartup), ServiceLifecycleStage.Active, StartAsync, _ => Task.CompletedTask);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        await grains.GetGrain<IWeeklyReportScheduleGrain>(IWeeklyReportScheduleGrain.Key).EnsureScheduledAsync();
        await Task.WhenAll(Enumerable.Range(0, IOutboxShardGrain.Count).Select(shard => grains.GetGrain<IOutboxShardGrain>(shard).EnsureSweepingAsync()));
    }
}
