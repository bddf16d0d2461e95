using System.ComponentModel;
using Cohortly.Files;
using Cohortly.Frontend.Infrastructure.OpenApi;

namespace Cohortly.Frontend.Files;

public sealed record FileResponse(
    string FileId,
    string Name,
    long SizeBytes,
    string ContentType,
    string Sha256,
    [property: EnumValues(typeof(FilePurpose))] string Purpose,
    [property: EnumValues(typeof(FileStatus))] string Status,
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

/// <summary>
/// The multipart form of <c>POST /api/files</c>, for the published document only: <see cref="FileUploads"/> reads the
/// sections as they stream instead of binding a form, so the fields must come in this order.
/// </summary>
public sealed record UploadFileForm(
    [property: EnumValues(typeof(FilePurpose)), Description("What the file is for; it decides who may read it, its size limit and the accepted types.")]
    string Purpose,
    [property: Description("With purpose submission: the assignment the file is for.")] string? AssignmentId,
    [property: Description("With purpose resource: the bootcamp the file belongs to.")] string? BootcampId,
    [property: Description("The file, with its name; sent last.")] IFormFile File);

/// <summary>The caller's avatar file, or null when they have none.</summary>
public sealed record MyAvatarResponse(string? FileId);
