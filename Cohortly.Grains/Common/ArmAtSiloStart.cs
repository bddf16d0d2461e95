using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cohortly.Common;

/// <summary>
/// Once a silo is active, arms what must run on a reminder (a sweep, a schedule) by calling <c>arm</c>. In the
/// background, with retries: a silo must not wait on grain calls to start, because while a cluster forms those calls
/// can land on a silo that is itself still starting.
/// </summary>
public sealed class ArmAtSiloStart(string what, Func<IGrainFactory, Task> arm, IGrainFactory grains, ILogger<ArmAtSiloStart> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Registers one: <paramref name="what"/> names it in the log.</summary>
    public static IServiceCollection Add(IServiceCollection services, string what, Func<IGrainFactory, Task> arm) =>
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => new ArmAtSiloStart(
            what, arm, provider.GetRequiredService<IGrainFactory>(), provider.GetRequiredService<ILogger<ArmAtSiloStart>>()));

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(ArmAtSiloStart)}:{what}", ServiceLifecycleStage.Active, OnActive, _ => _stopping.CancelAsync());

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
                await arm(grains);
                return;
            }
            catch (Exception failure) when (failure is TimeoutException or OrleansException)
            {
                logger.LogWarning(failure, "Arming the {What} failed (attempt {Attempt}); trying again in {Delay}", what, attempt, RetryDelay);
                await Task.Delay(RetryDelay, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
