namespace Cohortly.Integrations.Storage;

public enum StorageProvider
{
    /// <summary>Files on the local disk under the data directory, served by the front end through signed links.</summary>
    LocalDisk,

    /// <summary>Any S3-compatible endpoint (AWS, MinIO, R2 …); downloads are presigned GET URLs.</summary>
    S3,
}
