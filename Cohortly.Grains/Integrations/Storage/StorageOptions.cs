namespace Cohortly.Integrations.Storage;

public enum StorageProvider
{
    /// <summary>Files on the local disk under the data directory, served by the front end through signed links.</summary>
    LocalDisk,

    /// <summary>Any S3-compatible endpoint (AWS, MinIO, R2 …); downloads are presigned GET URLs.</summary>
    S3,
}

/// <summary>The <c>Cohortly:Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Cohortly:Storage";

    /// <summary>Unset means S3 when <see cref="Bucket"/> is given, the local disk otherwise.</summary>
    public StorageProvider? Provider { get; set; }

    /// <summary>The endpoint of an S3-compatible server (MinIO, R2, a local test server); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Path-style addressing (<c>host/bucket/key</c>), which MinIO and most self-hosted servers need.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Creates the bucket at start when it does not exist (handy for MinIO and tests; off for a managed bucket).</summary>
    public bool CreateBucket { get; set; } = true;

    /// <summary>Part size of multipart uploads; S3 requires at least 5 MiB for every part but the last.</summary>
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long a download link works.</summary>
    public int LinkMinutes { get; set; } = 5;

    /// <summary>Base64 HMAC key for the local-disk store's download links; generated in the data directory when unset.</summary>
    public string? LinkSigningKey { get; set; }

    public ClamAvOptions ClamAv { get; set; } = new();

    public StorageProvider EffectiveProvider => Provider ?? (string.IsNullOrWhiteSpace(Bucket) ? StorageProvider.LocalDisk : StorageProvider.S3);
}

/// <summary>A clamd daemon to scan every upload with (INSTREAM); unset host means no scanning.</summary>
public sealed class ClamAvOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 3310;

    public int TimeoutSeconds { get; set; } = 30;
}
