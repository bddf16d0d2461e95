using Cohortly.Files;

namespace Cohortly.Frontend.Files;

public sealed record FileResponse(
    string FileId,
    string Name,
    long SizeBytes,
    string ContentType,
    string Sha256,
    string Purpose,
    string Status,
    string? BootcampId,
    string? AssignmentId,
    bool HasThumbnail,
    DateTimeOffset UploadedAt,
    string OwnerId)
{
    public static FileResponse From(FileRecord file) =>
        new(file.FileId, file.Name, file.SizeBytes, file.ContentType, file.Sha256, FileRules.Wire(file.Purpose),
            file.Status.ToString().ToLowerInvariant(), file.BootcampId, file.AssignmentId, file.ThumbnailKey is not null, file.UploadedAt, file.OwnerId);
}

/// <summary>A file as a submitted version lists it.</summary>
public sealed record AttachedFileResponse(string FileId, string Name, long SizeBytes, string ContentType, bool HasThumbnail)
{
    public static AttachedFileResponse From(AttachedFile file) => new(file.FileId, file.Name, file.SizeBytes, file.ContentType, file.HasThumbnail);
}
