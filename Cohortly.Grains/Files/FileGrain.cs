using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;

namespace Cohortly.Files;

[GenerateSerializer, Alias("cohortly.files.file-state")]
public sealed class FileState
{
    [Id(0)] public FileRecord? File { get; set; }
}

[GrainType("file")]
public sealed class FileGrain(
    [PersistentState("file", StorageNames.Cohortly)] IPersistentState<FileState> state) : Grain, IFileGrain
{
    private string FileId => this.GetPrimaryKeyString();

    public async Task<FileRecord> RegisterAsync(FileRecord file)
    {
        if (file.FileId != FileId)
        {
            throw new ArgumentException($"A record for file {file.FileId} was sent to file {FileId}.", nameof(file));
        }
        if (state.State.File is { } existing)
        {
            // A retried registration of the same upload is harmless; anything else would overwrite a file.
            return existing.StorageKey == file.StorageKey
                ? existing
                : throw DomainException.Conflict("file-exists", $"File {FileId} already exists.");
        }
        state.State.File = file with { Status = FileStatus.Uploaded, SubmittedVersion = null };
        await state.WriteStateAsync();
        // Listed after it is recorded, so a list never names nothing. A refused listing (a full quota) takes the
        // record back, and the front end then removes the stored bytes: the upload leaves no trace.
        try
        {
            await GrainFactory.GetGrain<IUserFilesGrain>(file.OwnerId).AddAsync(FileId);
            if (file.Purpose == FilePurpose.Resource && file.BootcampId is not null)
            {
                await GrainFactory.GetGrain<IBootcampResourcesGrain>(file.BootcampId).AddAsync(FileId);
            }
        }
        catch (DomainException)
        {
            await GrainFactory.GetGrain<IUserFilesGrain>(file.OwnerId).RemoveAsync(FileId);
            state.State.File = null;
            await state.WriteStateAsync();
            throw;
        }
        return state.State.File;
    }

    public Task<FileRecord?> GetAsync() => Task.FromResult(Live);

    public async Task<FileRecord> GetForReaderAsync(Caller caller)
    {
        var file = Live ?? throw DomainException.NotFound($"File {FileId}");
        if (caller.UserId == file.OwnerId || caller.IsAdmin)
        {
            return file;
        }
        var allowed = file.Purpose switch
        {
            // Avatars are shown next to names everywhere a signed-in user can see them.
            FilePurpose.Avatar => true,
            FilePurpose.Resource => file.BootcampId is not null && await GrainFactory.RoleInAsync(file.BootcampId, caller.UserId) != MemberRole.None,
            _ => await IsStaffOfAssignmentAsync(file, caller.UserId),
        };
        // Someone else's file is answered as if it did not exist, so ids cannot be probed.
        return allowed ? file : throw DomainException.NotFound($"File {FileId}");
    }

    public async Task<AttachedFile> CheckAttachableAsync(string studentId, string assignmentId)
    {
        var file = Live;
        if (file is null || file.OwnerId != studentId)
        {
            throw new DomainException(DomainErrorKind.Invalid, "unknown-file", $"File {FileId} does not exist.");
        }
        if (file.Purpose != FilePurpose.Submission || file.AssignmentId != assignmentId)
        {
            throw DomainException.Invalid("file-not-for-assignment", $"File {FileId} was not uploaded for this assignment.");
        }
        if (file.Status == FileStatus.Submitted)
        {
            // Resubmitting the same file in a later version is normal; the evidence is the same bytes.
            return AttachedFile.From(file);
        }
        var assignment = await GrainFactory.GetGrain<IAssignmentGrain>(assignmentId).GetAsync()
            ?? throw DomainException.NotFound($"Assignment {assignmentId}");
        if (!FileRules.AllowedFor(assignment.Details, file.Name))
        {
            throw DomainException.Invalid("file-type-not-allowed", $"{file.Name}: this assignment accepts {string.Join(", ", assignment.Details.AllowedExtensions)}.");
        }
        if (file.SizeBytes > assignment.Details.MaxFileBytes)
        {
            throw DomainException.Invalid("file-too-large", $"{file.Name} is larger than this assignment's limit of {assignment.Details.MaxFileBytes} bytes.");
        }
        return AttachedFile.From(file);
    }

    public async Task<AttachedFile> MarkSubmittedAsync(string studentId, string assignmentId, int version)
    {
        var attached = await CheckAttachableAsync(studentId, assignmentId);
        var file = state.State.File!;
        if (file.Status != FileStatus.Submitted)
        {
            state.State.File = file with { Status = FileStatus.Submitted, SubmittedVersion = version };
            await state.WriteStateAsync();
        }
        return attached;
    }

    public async Task<FileRecord> DeleteAsync(Caller caller)
    {
        var file = Live;
        if (file is null || (file.OwnerId != caller.UserId && !caller.IsAdmin))
        {
            throw DomainException.NotFound($"File {FileId}");
        }
        if (file.Status == FileStatus.Submitted && !caller.IsAdmin)
        {
            throw DomainException.Conflict("file-submitted", "This file is part of a submitted version and is kept as evidence; only an admin can purge it.");
        }
        state.State.File = file with { Status = FileStatus.Deleted };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IUserFilesGrain>(file.OwnerId).RemoveAsync(FileId);
        if (file.Purpose == FilePurpose.Resource && file.BootcampId is not null)
        {
            await GrainFactory.GetGrain<IBootcampResourcesGrain>(file.BootcampId).RemoveAsync(FileId);
        }
        if (file.Purpose == FilePurpose.Avatar)
        {
            await GrainFactory.GetGrain<IAvatarGrain>(file.OwnerId).ClearIfAsync(FileId);
        }
        return file;
    }

    private FileRecord? Live => state.State.File is { Status: not FileStatus.Deleted } file ? file : null;

    private async Task<bool> IsStaffOfAssignmentAsync(FileRecord file, string userId)
    {
        if (file.AssignmentId is null)
        {
            return false;
        }
        var assignment = await GrainFactory.GetGrain<IAssignmentGrain>(file.AssignmentId).GetAsync();
        return assignment is not null
            && await GrainFactory.GetGrain<IBootcampGrain>(assignment.BootcampId).GetStaffRoleAsync(userId) != MemberRole.None;
    }
}
