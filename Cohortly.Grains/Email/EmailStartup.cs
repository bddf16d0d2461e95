using Microsoft.Extensions.Logging;

namespace Cohortly.Email;

/// <summary>
/// Once a silo is active: arms the weekly report reminder and the outbox shards' sweeps (which also resume at once
/// whatever was queued when the process stopped). In the background, with retries: a silo must not wait on grain
/// calls to start, because while a cluster forms those calls can land on a silo that is itself still starting.
/// </summary>
public sealed class EmailStartup(IGrainFactory grains, ILogger<EmailStartup> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EmailStartup), ServiceLifecycleStage.Active,
            OnActive, _ => _stopping.CancelAsync());

    public void Dispose() => _stopping.Dispose();

    private Task OnActive(CancellationToken starting)
    {
        _ = Task.Run(() => ArmAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task ArmAsync(CancellationToken stopping)
    {
        for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                await grains.GetGrain<IWeeklyReportScheduleGrain>(IWeeklyReportScheduleGrain.Key).EnsureScheduledAsync();
                await Task.WhenAll(Enumerable.Range(0, IOutboxShardGrain.Count).Select(shard => grains.GetGrain<IOutboxShardGrain>(shard).EnsureSweepingAsync()));
                return;
            }
            catch (Exception failure) when (failure is TimeoutException or OrleansException)
            {
                logger.LogWarning(failure, "Arming the email reminders failed (attempt {Attempt}); trying again in {Delay}", attempt, RetryDelay);
                await Task.Delay(RetryDelay, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
