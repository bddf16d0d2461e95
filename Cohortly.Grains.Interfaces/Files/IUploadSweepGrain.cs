namespace Cohortly.Files;

/// <summary>
/// The object store's own leftovers: uploads begun and never completed or aborted (a crash mid-upload), which no file
/// record names. One grain on an hourly reminder: the store lists them in one call, and there are only ever a few.
/// </summary>
[Alias("cohortly.files.upload-sweep")]
public interface IUploadSweepGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Arms the hourly reminder if it is not armed yet.</summary>
    [Alias("ensure-scheduled")]
    Task EnsureScheduledAsync();

    /// <summary>
    /// Removes incomplete uploads older than <see cref="FileRules.IncompleteUploadLifetime"/>; how many, or null when the
    /// store cannot list them (a bucket lifecycle rule has to). What the reminder runs; open to tests.
    /// </summary>
    [Alias("sweep")]
    Task<int?> SweepAsync();
}
