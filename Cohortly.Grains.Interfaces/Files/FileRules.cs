using System.Collections.Immutable;
using Cohortly.Assignments;

namespace Cohortly.Files;

public static class FileRules
{
    public const int NameMax = 200;

    /// <summary>Course material can be large (recorded sessions, datasets); a bootcamp's staff are trusted uploaders.</summary>
    public const long ResourceMaxBytes = 512L * 1024 * 1024;

    public const long AvatarMaxBytes = 5L * 1024 * 1024;

    /// <summary>An avatar declaring more is refused before decoding: 4096×4096 and 16 megapixels (64 MB of pixels) at most.</summary>
    public const int AvatarMaxEdge = 4096;

    public const long AvatarMaxPixels = 16_000_000;

    /// <summary>An avatar is shown small: larger ones are decoded scaled down to this longest side and kept at it.</summary>
    public const int AvatarStoredEdge = 1024;

    /// <summary>Photos and scans attached to work or shared as material: the pixel count is left to <c>Cohortly:Images:MaxPixels</c>.</summary>
    public const int ImageMaxEdge = 16_384;

    /// <summary>Files one user can keep (a quota as much as a bound on the per-user index).</summary>
    public const int MaxFilesPerUser = 2_000;

    public const int MaxResourcesPerBootcamp = 2_000;

    /// <summary>
    /// How long an upload may stay pending (recorded, bytes being stored) before the sweep takes it for one a crash
    /// abandoned: longer than a 512 MB resource takes over a slow link.
    /// </summary>
    public static readonly TimeSpan PendingGrace = TimeSpan.FromHours(2);

    /// <summary>An incomplete multipart upload or spool file older than this belongs to no running upload and is removed.</summary>
    public static readonly TimeSpan IncompleteUploadLifetime = TimeSpan.FromDays(1);

    public static readonly ImmutableArray<string> ImageExtensions = [".png", ".jpg", ".jpeg", ".gif", ".webp"];

    public static string Wire(FilePurpose purpose) => purpose switch
    {
        FilePurpose.Submission => "submission",
        FilePurpose.Resource => "resource",
        _ => "avatar",
    };

    public static FilePurpose? ParsePurpose(string? value) => value switch
    {
        "submission" => FilePurpose.Submission,
        "resource" => FilePurpose.Resource,
        "avatar" => FilePurpose.Avatar,
        _ => null,
    };

    /// <summary>The largest file a purpose accepts; a submission also obeys its assignment's limit.</summary>
    public static long MaxBytes(FilePurpose purpose, AssignmentDetails? assignment) => purpose switch
    {
        FilePurpose.Submission => assignment?.MaxFileBytes ?? AssignmentRules.MaxFileBytesLimit,
        FilePurpose.Resource => ResourceMaxBytes,
        _ => AvatarMaxBytes,
    };

    /// <summary>
    /// The extension a name claims, lower case, with the two-part archive extensions (<c>.tar.gz</c>) kept whole.
    /// </summary>
    public static string ExtensionOf(string name)
    {
        var lower = name.ToLowerInvariant();
        if (lower.EndsWith(".tar.gz", StringComparison.Ordinal))
        {
            return ".tar.gz";
        }
        var dot = lower.LastIndexOf('.');
        return dot <= 0 ? "" : lower[dot..];
    }

    /// <summary>May a file of this name be part of work for this assignment (its allowed extensions; none listed allows any).</summary>
    public static bool AllowedFor(AssignmentDetails assignment, string name)
    {
        if (assignment.AllowedExtensions.IsDefaultOrEmpty)
        {
            return true;
        }
        var extension = ExtensionOf(name);
        // ".gz" in the list admits ".tar.gz" too, and ".tgz" is the same thing as ".tar.gz".
        return assignment.AllowedExtensions.Contains(extension)
            || (extension == ".tar.gz" && (assignment.AllowedExtensions.Contains(".gz") || assignment.AllowedExtensions.Contains(".tgz")));
    }

    /// <summary>
    /// The name as it will be shown and offered for download: the last path segment only, no control
    /// characters, at most <see cref="NameMax"/> characters. Null when nothing usable is left.
    /// </summary>
    public static string? CleanName(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        var lastSegment = raw[(raw.LastIndexOfAny(['/', '\\']) + 1)..];
        var cleaned = new string([.. lastSegment.Where(c => !char.IsControl(c))]).Trim();
        if (cleaned.Length == 0 || cleaned is "." or "..")
        {
            return null;
        }
        return cleaned.Length <= NameMax ? cleaned : cleaned[^NameMax..];
    }
}
