using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Files;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Integrations.Images;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Files;

/// <summary>What an upload is for, checked against the caller before a byte of the file is read.</summary>
public sealed record UploadTarget(FilePurpose Purpose, string? BootcampId, string? AssignmentId, AssignmentDetails? Assignment)
{
    public long MaxBytes => FileRules.MaxBytes(Purpose, Assignment);

    /// <summary>The pixels an image for this purpose may declare; the header is read before anything is decoded.</summary>
    public PixelBudget ImageBudget => Purpose == FilePurpose.Avatar
        ? new PixelBudget(FileRules.AvatarMaxEdge, FileRules.AvatarMaxPixels, FileRules.AvatarStoredEdge)
        : new PixelBudget(FileRules.ImageMaxEdge, long.MaxValue);

    /// <summary>The fields' shape: a purpose, and the id it needs.</summary>
    public static FieldErrors CheckFields(IReadOnlyDictionary<string, string> fields)
    {
        var errors = new FieldErrors();
        var purpose = FileRules.ParsePurpose(fields.GetValueOrDefault("purpose"));
        if (purpose is null)
        {
            errors.Add("purpose", "purpose must be \"submission\", \"resource\" or \"avatar\", sent before the file.");
        }
        else if (purpose == FilePurpose.Submission && string.IsNullOrWhiteSpace(fields.GetValueOrDefault("assignmentId")))
        {
            errors.Add("assignmentId", "A submission file needs the assignmentId it is for, sent before the file.");
        }
        else if (purpose == FilePurpose.Resource && string.IsNullOrWhiteSpace(fields.GetValueOrDefault("bootcampId")))
        {
            errors.Add("bootcampId", "A resource needs the bootcampId it belongs to, sent before the file.");
        }
        return errors;
    }

    /// <summary>
    /// The target of fields that passed <see cref="CheckFields"/>, checked by the grains that own it: a wrong role (403),
    /// an unknown id (404) or a closed assignment (409) is their <see cref="DomainException"/>.
    /// </summary>
    public static async Task<UploadTarget> ResolveAsync(IReadOnlyDictionary<string, string> fields, Caller caller, IClusterClient cluster)
    {
        switch (FileRules.ParsePurpose(fields.GetValueOrDefault("purpose")))
        {
            case FilePurpose.Submission:
                {
                    var assignment = await cluster.GetGrain<IAssignmentReaderGrain>(IAssignmentReaderGrain.Key)
                        .RequireSubmissionUploadAsync(caller, fields["assignmentId"]);
                    return new UploadTarget(FilePurpose.Submission, assignment.BootcampId, assignment.AssignmentId, assignment.Details);
                }
            case FilePurpose.Resource:
                {
                    var bootcampId = fields["bootcampId"];
                    await cluster.GetGrain<IBootcampReaderGrain>(IBootcampReaderGrain.Key).RequireResourceAuthorAsync(caller, bootcampId);
                    return new UploadTarget(FilePurpose.Resource, bootcampId, null, null);
                }
            default:
                return new UploadTarget(FilePurpose.Avatar, null, null, null);
        }
    }

    /// <summary>Null when a file of this name may be uploaded for this target; otherwise the 415 that refuses it.</summary>
    public IResult? RefuseName(string name)
    {
        var extension = FileRules.ExtensionOf(name);
        if (!FileTypes.IsKnownExtension(extension))
        {
            return Unsupported($"Files of type \"{extension}\" are not accepted.");
        }
        if (Purpose == FilePurpose.Avatar && !FileRules.ImageExtensions.Contains(extension))
        {
            return Unsupported("An avatar must be a PNG, JPEG, GIF or WebP image.");
        }
        if (Assignment is not null && !FileRules.AllowedFor(Assignment, name))
        {
            return Unsupported($"This assignment accepts {string.Join(", ", Assignment.AllowedExtensions)} files.");
        }
        return null;
    }

    public static ProblemHttpResult Unsupported(string why) =>
        Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-file-type", why);
}
