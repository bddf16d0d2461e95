using Orleans.Concurrency;

namespace Cohortly.Files;

/// <summary>
/// The bytes one user's files take, keyed by user id: every upload is counted against the user's quota before its
/// record exists, and a deleted file gives its bytes back.
/// </summary>
[Alias("cohortly.files.upload-quota")]
public interface IUploadQuotaGrain : IGrainWithStringKey
{
    /// <summary>Counts the file's bytes when they fit in <paramref name="quotaBytes"/>; null then, else the bytes already used.</summary>
    [Alias("try-reserve")]
    Task<long?> TryReserveAsync(string fileId, long bytes, long quotaBytes);

    /// <summary>Gives a file's bytes back (deleted, or its upload failed after the reservation); nothing for an unknown file.</summary>
    [Alias("release")]
    Task ReleaseAsync(string fileId);

    [Alias("used"), ReadOnly]
    Task<long> GetUsedBytesAsync();
}
