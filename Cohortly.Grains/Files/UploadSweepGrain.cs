using Cohortly.Integrations.Storage;
using Microsoft.Extensions.Logging;

namespace Cohortly.Files;

[GrainType("uploadsweep")]
public sealed class UploadSweepGrain(IObjectStorage storage, TimeProvider time, ILogger<UploadSweepGrain> logger) : Grain, IUploadSweepGrain, IRemindable
{
    private const string HourlyReminder = "upload-sweep";
    private static readonly TimeSpan Hourly = TimeSpan.FromHours(1);
    private bool _armed;
    private bool _unsupportedSaid;

    public async Task EnsureScheduledAsync()
    {
        // Every front end asks at start; after the first answer per activation it costs no reminder-table read.
        if (!_armed && await this.GetReminder(HourlyReminder) is null)
        {
            await this.RegisterOrUpdateReminder(HourlyReminder, Hourly, Hourly);
        }
        _armed = true;
    }

    public async Task<int?> SweepAsync()
    {
        var removed = await storage.RemoveIncompleteUploadsAsync(time.GetUtcNow() - FileRules.IncompleteUploadLifetime, CancellationToken.None);
        if (removed is null && !_unsupportedSaid)
        {
            logger.LogWarning("{Store} cannot list incomplete multipart uploads; give the bucket a lifecycle rule (AbortIncompleteMultipartUpload) instead",
                storage.Description);
            _unsupportedSaid = true;
        }
        else if (removed > 0)
        {
            logger.LogWarning("Removed {Count} incomplete uploads older than {Lifetime} from {Store}", removed, FileRules.IncompleteUploadLifetime, storage.Description);
        }
        return removed;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == HourlyReminder)
        {
            await SweepAsync();
        }
    }
}
