using System.ComponentModel.DataAnnotations;

namespace Cohortly.Integrations.Storage;

/// <summary>The <c>Cohortly:Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Cohortly:Storage";

    /// <summary>S3 refuses a multipart upload whose parts (all but the last) are smaller.</summary>
    public const int MinimumPartSizeBytes = 5 * 1024 * 1024;

    /// <summary>The local-disk store's download links are HMAC-SHA256: shorter keys weaken them.</summary>
    public const int MinimumLinkKeyBytes = 32;

    /// <summary>Unset means S3 when <see cref="Bucket"/> is given, the local disk otherwise.</summary>
    public StorageProvider? Provider { get; set; }

    /// <summary>The endpoint of an S3-compatible server (MinIO, R2, a local test server); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Path-style addressing (<c>host/bucket/key</c>), which MinIO and most self-hosted servers need.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Creates the bucket at start when it does not exist (handy for MinIO and tests; off for a managed bucket).</summary>
    public bool CreateBucket { get; set; } = true;

    /// <summary>Part size of multipart uploads; S3 requires at least 5 MiB for every part but the last.</summary>
    [Range(MinimumPartSizeBytes, int.MaxValue, ErrorMessage = "Cohortly:Storage:PartSizeBytes must be at least 5 MiB (5242880 bytes), S3's smallest part.")]
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>How long a download link works.</summary>
    [Range(1, 7 * 24 * 60, ErrorMessage = "Cohortly:Storage:LinkMinutes must be between 1 and 10080 (7 days, the longest an S3 presigned link lives).")]
    public int LinkMinutes { get; set; } = 5;

    /// <summary>Base64 HMAC key for the local-disk store's download links; generated in the data directory when unset.</summary>
    public string? LinkSigningKey { get; set; }

    public StorageProvider EffectiveProvider => Provider ?? (string.IsNullOrWhiteSpace(Bucket) ? StorageProvider.LocalDisk : StorageProvider.S3);
}
