using System.Globalization;
using System.Security.Cryptography;
using Cohortly.Common;
using Cohortly.Files;
using Cohortly.Integrations.Images;
using Cohortly.Integrations.Storage;
using Cohortly.Silo.Hosting;

namespace Cohortly.Frontend.Files;

/// <summary>Which stored object of a file a link opens.</summary>
public enum FileVariant
{
    Content,
    Thumbnail,
}

public sealed record DownloadLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Short-lived download links. S3 signs its own (presigned GET). The local-disk store has links of ours:
/// <c>/files/{fileId}/content?variant=&amp;expires=&amp;sig=</c> with <c>sig = HMAC-SHA256(key, fileId|variant|expires)</c>,
/// so a link opens one file's one variant until it expires, and changing any part of it breaks the signature.
/// </summary>
public sealed class FileLinks(IObjectStorage storage, byte[] key, TimeSpan lifetime, TimeProvider time)
{
    public static FileLinks Create(IObjectStorage storage, StorageOptions options, CohortlyOptions cohortly, TimeProvider time) =>
        new(storage, LoadKey(options, cohortly), TimeSpan.FromMinutes(options.LinkMinutes), time);

    public DownloadLink Create(FileRecord file, FileVariant variant, string baseUrl)
    {
        var expiresAt = time.GetUtcNow().Add(lifetime);
        expiresAt = DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds());
        var (objectKey, name, contentType) = Describe(file, variant);
        if (storage.PresignedDownload(objectKey, name, contentType, expiresAt) is { } presigned)
        {
            return new DownloadLink(presigned.AbsoluteUri, expiresAt);
        }
        var expires = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var wireVariant = Wire(variant);
        return new DownloadLink(
            $"{baseUrl}/files/{file.FileId}/content?variant={wireVariant}&expires={expires}&sig={SecureTokens.Sign(key, LinkMessage(file.FileId, wireVariant, expires))}",
            expiresAt);
    }

    public LinkCheck Check(string fileId, string? variant, string? expires, string? sig)
    {
        if (variant is null || expires is null || sig is null || ParseVariant(variant) is null
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt))
        {
            return LinkCheck.Invalid;
        }
        if (!SecureTokens.SignatureMatches(key, LinkMessage(fileId, variant, expires), sig))
        {
            return LinkCheck.Invalid;
        }
        // Checked after the signature, so an expiry moved into the future is "invalid", not "expired".
        return time.GetUtcNow().ToUnixTimeSeconds() > expiresAt ? LinkCheck.Expired : LinkCheck.Valid;
    }

    public static (string Key, string Name, string ContentType) Describe(FileRecord file, FileVariant variant) =>
        variant == FileVariant.Thumbnail && file.ThumbnailKey is not null
            ? (file.ThumbnailKey, Path.GetFileNameWithoutExtension(file.Name) + ".thumbnail.jpg", IImageProcessor.ThumbnailContentType)
            : (file.StorageKey, file.Name, file.ContentType);

    public static FileVariant? ParseVariant(string? value) => value switch
    {
        null or "" or "content" => FileVariant.Content,
        "thumbnail" => FileVariant.Thumbnail,
        _ => null,
    };

    private static string Wire(FileVariant variant) => variant == FileVariant.Thumbnail ? "thumbnail" : "content";

    private static string LinkMessage(string fileId, string variant, string expires) => $"{fileId}|{variant}|{expires}";

    /// <summary>From configuration, or generated once per data directory (only the embedded store signs its own links).</summary>
    private static byte[] LoadKey(StorageOptions options, CohortlyOptions cohortly)
    {
        if (!string.IsNullOrWhiteSpace(options.LinkSigningKey))
        {
            // Checked at start (base64, at least 32 bytes) by the Storage integration's validator.
            return Convert.FromBase64String(options.LinkSigningKey);
        }
        if (options.EffectiveProvider == StorageProvider.S3)
        {
            // Never used: S3 presigns. A throwaway key keeps the type simple.
            return RandomNumberGenerator.GetBytes(32);
        }
        return new DataDirectory(cohortly.DataDirectory).Key("file-links.key", 32);
    }
}

public enum LinkCheck
{
    Valid,
    Invalid,
    Expired,
}
