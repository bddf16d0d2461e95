using Cohortly.Files;
using Orleans.Runtime;

namespace Cohortly.Frontend.Files;

/// <summary>
/// Where uploads that are inspected before storing (archives, images) wait on this machine's disk. Spool files delete
/// themselves when closed; only a crash of the process leaves one, which <see cref="RemoveStale"/> then finds by age.
/// </summary>
public sealed class UploadSpool(string directory)
{
    public static UploadSpool InTemp() => new(Path.Combine(Path.GetTempPath(), "cohortly-uploads"));

    public string Directory => directory;

    public string NewPath()
    {
        System.IO.Directory.CreateDirectory(directory);
        return Path.Combine(directory, Guid.NewGuid().ToString("N"));
    }

    /// <summary>Removes spool files last written before <paramref name="before"/>: no running upload writes that slowly. Returns how many.</summary>
    public int RemoveStale(DateTimeOffset before)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return 0;
        }
        var removed = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc >= before.UtcDateTime)
            {
                continue;
            }
            try
            {
                file.Delete();
                removed++;
            }
            catch (Exception busy) when (busy is IOException or UnauthorizedAccessException)
            {
                // Another process's, still open or not ours to remove: the next sweep looks again.
            }
        }
        return removed;
    }
}

/// <summary>
/// Hourly, per front end: removes spool files a crash left on this machine (only this process can reach them), and at
/// start makes sure the store-wide sweep of incomplete uploads (<see cref="IUploadSweepGrain"/>) is armed.
/// </summary>
internal sealed class UploadHousekeeping(UploadSpool spool, IClusterClient cluster, IHostApplicationLifetime lifetime, TimeProvider time,
    ILogger<UploadHousekeeping> logger) : BackgroundService
{
    private static readonly TimeSpan Hourly = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls wait until the host (and, embedded, its silo) has started.
        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var timer = new PeriodicTimer(Hourly, time);
        var armed = false;
        try
        {
            do
            {
                var removed = spool.RemoveStale(time.GetUtcNow() - FileRules.IncompleteUploadLifetime);
                if (removed > 0)
                {
                    logger.LogWarning("Removed {Count} upload spool files a crash left in {Directory}", removed, spool.Directory);
                }
                armed = armed || await ArmStoreSweepAsync();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<bool> ArmStoreSweepAsync()
    {
        try
        {
            await cluster.GetGrain<IUploadSweepGrain>(IUploadSweepGrain.Key).EnsureScheduledAsync();
            return true;
        }
        catch (Exception failure) when (failure is TimeoutException or OrleansException)
        {
            logger.LogWarning(failure, "Arming the sweep of incomplete uploads failed; trying again in {Delay}", Hourly);
            return false;
        }
    }
}
