using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Files;
using Cohortly.Frontend.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cohortly.Frontend.Files;

/// <summary>What an upload is for, checked against the caller before a byte of the file is read.</summary>
public sealed record UploadTarget(FilePurpose Purpose, string? BootcampId, string? AssignmentId, AssignmentDetails? Assignment)
{
    public long MaxBytes => FileRules.MaxBytes(Purpose, Assignment);

    /// <summary>The target, or the problem that refuses the upload (bad fields 400, wrong role 403, unknown ids 404).</summary>
    public static async Task<(UploadTarget? Target, IResult? Refusal)> ResolveAsync(
        IReadOnlyDictionary<string, string> fields, Caller caller, IClusterClient cluster)
    {
        var errors = new Dictionary<string, string[]>();
        var purpose = FileRules.ParsePurpose(fields.GetValueOrDefault("purpose"));
        if (purpose is null)
        {
            errors["purpose"] = ["purpose must be \"submission\", \"resource\" or \"avatar\", sent before the file."];
        }
        else if (purpose == FilePurpose.Submission && string.IsNullOrWhiteSpace(fields.GetValueOrDefault("assignmentId")))
        {
            errors["assignmentId"] = ["A submission file needs the assignmentId it is for, sent before the file."];
        }
        else if (purpose == FilePurpose.Resource && string.IsNullOrWhiteSpace(fields.GetValueOrDefault("bootcampId")))
        {
            errors["bootcampId"] = ["A resource needs the bootcampId it belongs to, sent before the file."];
        }
        if (errors.Count > 0)
        {
            return (null, Problems.Validation(errors));
        }
        switch (purpose!.Value)
        {
            case FilePurpose.Submission:
                {
                    var assignmentId = fields["assignmentId"];
                    var assignment = await cluster.GetGrain<IAssignmentGrain>(assignmentId).GetAsync();
                    if (assignment is null)
                    {
                        return (null, Problems.NotFound("assignment"));
                    }
                    if (await cluster.RoleInAsync(assignment.BootcampId, caller.UserId) != MemberRole.Student)
                    {
                        return (null, Problems.Forbidden("Only students enrolled in the bootcamp upload work for its assignments."));
                    }
                    if (assignment.Closed)
                    {
                        return (null, Problems.Create(StatusCodes.Status409Conflict, "assignment-closed", "The instructor has closed this assignment to submissions."));
                    }
                    return (new UploadTarget(FilePurpose.Submission, assignment.BootcampId, assignmentId, assignment.Details), null);
                }
            case FilePurpose.Resource:
                {
                    var bootcampId = fields["bootcampId"];
                    var bootcamp = cluster.GetGrain<IBootcampGrain>(bootcampId);
                    if (await bootcamp.GetAsync() is null)
                    {
                        return (null, Problems.NotFound("bootcamp"));
                    }
                    if (!caller.IsAdmin && await bootcamp.GetStaffRoleAsync(caller.UserId) != MemberRole.Instructor)
                    {
                        return (null, Problems.Forbidden("Only the bootcamp's instructors and admins add course resources."));
                    }
                    return (new UploadTarget(FilePurpose.Resource, bootcampId, null, null), null);
                }
            default:
                return (new UploadTarget(FilePurpose.Avatar, null, null, null), null);
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
