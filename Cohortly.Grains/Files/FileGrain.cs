using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Integrations.Storage;
using Microsoft.Extensions.Logging;

namespace Cohortly.Files;

/// <summary>Where a file is in its life; stored records from before stages existed are ready (0).</summary>
public enum FileStage
{
    Ready = 0,

    /// <summary>Recorded and listed; its bytes are being stored. Invisible to readers.</summary>
    Pending = 1,

    /// <summary>Marked deleted; its listing or its stored objects may still be there. Invisible to readers.</summary>
    Deleting = 2,
}

[GenerateSerializer, Alias("cohortly.files.file-state")]
public sealed class FileState
{
    [Id(0)] public FileRecord? File { get; set; }
    [Id(1)] public FileStage Stage { get; set; }
}

/// <summary>
/// One file's record. Every step that spans two stores (the record, its listings, the bytes) is ordered so that a crash
/// between two of them leaves a pending or deleting record, never an object or a listing nothing accounts for; the
/// file's own reminder then finishes or undoes it. A reminder per file rather than one sweeper grain walking all files:
/// reminders are spread over the silos by the reminder service, and a sweeper would have to list every record or every
/// object in the store (millions) to find the few a crash left behind. It costs one reminder row per upload and delete,
/// dropped by its first tick once the file is settled, off the request path.
/// </summary>
[GrainType("file")]
public sealed class FileGrain(
    [PersistentState("file", StorageNames.Cohortly)] IPersistentState<FileState> state,
    IObjectStorage storage,
    TimeProvider time,
    ILogger<FileGrain> logger) : Grain, IFileGrain, IRemindable
{
    private const string SweepReminder = "file-sweep";

    /// <summary>How often a delete cut short is tried again.</summary>
    private static readonly TimeSpan DeleteRetry = TimeSpan.FromMinutes(10);

    private string FileId => this.GetPrimaryKeyString();

    public async Task BeginAsync(FileRecord pending)
    {
        if (pending.FileId != FileId)
        {
            throw new ArgumentException($"A record for file {pending.FileId} was sent to file {FileId}.", nameof(pending));
        }
        if (state.State.File is { } existing)
        {
            // A retried begin of the same upload is harmless; anything else would overwrite a file.
            if (existing.StorageKey == pending.StorageKey && state.State.Stage == FileStage.Pending)
            {
                return;
            }
            throw DomainException.Conflict("file-exists", $"File {FileId} already exists.");
        }
        // The reminder before the record: a record without its reminder could stay pending for ever.
        await this.RegisterOrUpdateReminder(SweepReminder, FileRules.PendingGrace, FileRules.PendingGrace);
        // Stamped here: the sweep measures the grace period on the silos' clock.
        await SaveAsync(pending with { Status = FileStatus.Uploaded, SubmittedVersion = null, UploadedAt = time.GetUtcNow() }, FileStage.Pending);
        try
        {
            await ListAsync(state.State.File!);
        }
        catch (DomainException)
        {
            // A refused listing (a full quota): the upload leaves no trace and stores nothing.
            await ForgetPendingAsync();
            throw;
        }
    }

    public async Task<FileRecord> CompleteAsync(FileRecord stored)
    {
        var file = state.State.File;
        if (file is not null && state.State.Stage == FileStage.Ready && file.StorageKey == stored.StorageKey)
        {
            return file;
        }
        if (file is null || state.State.Stage != FileStage.Pending || file.StorageKey != stored.StorageKey || file.OwnerId != stored.OwnerId)
        {
            throw DomainException.Conflict("upload-expired", "The upload took too long and was discarded; upload the file again.");
        }
        await SaveAsync(file with { SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, ThumbnailKey = stored.ThumbnailKey }, FileStage.Ready);
        return state.State.File!;
    }

    public Task AbandonAsync() =>
        state.State.Stage == FileStage.Pending && state.State.File is not null ? ForgetPendingAsync() : Task.CompletedTask;

    public async Task<bool> SweepAsync()
    {
        var file = state.State.File;
        switch (state.State.Stage)
        {
            case FileStage.Pending when file is not null && time.GetUtcNow() - file.UploadedAt >= FileRules.PendingGrace:
                logger.LogWarning("File {FileId} stayed pending past {Grace}: its upload was abandoned; removing it", FileId, FileRules.PendingGrace);
                await RemoveObjectsAsync(file);
                await ForgetPendingAsync();
                return true;
            case FileStage.Pending:
                return false;
            case FileStage.Deleting when file is not null:
                await FinishDeleteAsync(file);
                return true;
            default:
                // Settled: the reminder has nothing left to watch.
                if (await this.GetReminder(SweepReminder) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }
                return false;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == SweepReminder)
        {
            await SweepAsync();
        }
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
            await SaveAsync(file with { Status = FileStatus.Submitted, SubmittedVersion = version }, FileStage.Ready);
        }
        return attached;
    }

    public async Task<FileRecord> DeleteAsync(Caller caller)
    {
        var file = state.State.File;
        if (file is null || file.Status == FileStatus.Deleted || state.State.Stage == FileStage.Pending
            || (file.OwnerId != caller.UserId && !caller.IsAdmin))
        {
            throw DomainException.NotFound($"File {FileId}");
        }
        if (state.State.Stage == FileStage.Ready)
        {
            if (file.Status == FileStatus.Submitted && !caller.IsAdmin)
            {
                throw DomainException.Conflict("file-submitted", "This file is part of a submitted version and is kept as evidence; only an admin can purge it.");
            }
            // The reminder before the mark, so a crash after the mark still gets the rest done.
            await this.RegisterOrUpdateReminder(SweepReminder, DeleteRetry, DeleteRetry);
            await SaveAsync(file, FileStage.Deleting);
        }
        // Deleting already: a repeat finishes what a failure cut short.
        await FinishDeleteAsync(file);
        return file;
    }

    /// <summary>Unlists, removes the stored objects, then settles the record as deleted; each step is safe to repeat.</summary>
    private async Task FinishDeleteAsync(FileRecord file)
    {
        await UnlistAsync(file);
        if (file.Purpose == FilePurpose.Avatar)
        {
            await GrainFactory.GetGrain<IAvatarGrain>(file.OwnerId).ClearIfAsync(FileId);
        }
        try
        {
            await RemoveObjectsAsync(file);
        }
        catch (StorageUnavailableException unavailable)
        {
            // The file is gone for everyone already; its bytes go on the reminder's next tick.
            logger.LogWarning(unavailable, "Deleted file {FileId}, but its stored objects could not be removed yet", FileId);
            return;
        }
        await SaveAsync(file with { Status = FileStatus.Deleted }, FileStage.Ready);
    }

    /// <summary>
    /// Stores the record at a stage; when the write fails the activation keeps what is stored, not what was meant, so a
    /// failed step is not taken for a done one (a crash would have lost it too).
    /// </summary>
    private async Task SaveAsync(FileRecord file, FileStage stage)
    {
        var (wasFile, wasStage) = (state.State.File, state.State.Stage);
        (state.State.File, state.State.Stage) = (file, stage);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.File, state.State.Stage) = (wasFile, wasStage);
            throw;
        }
    }

    private async Task ListAsync(FileRecord file)
    {
        await GrainFactory.GetGrain<IUserFilesGrain>(file.OwnerId).AddAsync(FileId);
        if (file.Purpose == FilePurpose.Resource && file.BootcampId is not null)
        {
            await GrainFactory.GetGrain<IBootcampResourcesGrain>(file.BootcampId).AddAsync(FileId);
        }
    }

    /// <summary>Off the owner's list and out of their byte quota (both keyed by the file, so repeating is harmless).</summary>
    private async Task UnlistAsync(FileRecord file)
    {
        await GrainFactory.GetGrain<IUserFilesGrain>(file.OwnerId).RemoveAsync(FileId);
        await GrainFactory.GetGrain<IUploadQuotaGrain>(file.OwnerId).ReleaseAsync(FileId);
        if (file.Purpose == FilePurpose.Resource && file.BootcampId is not null)
        {
            await GrainFactory.GetGrain<IBootcampResourcesGrain>(file.BootcampId).RemoveAsync(FileId);
        }
    }

    /// <summary>A pending upload's record and listings go; the id is free again and its quota released.</summary>
    private async Task ForgetPendingAsync()
    {
        await UnlistAsync(state.State.File!);
        await state.ClearStateAsync();
        state.State = new FileState();
    }

    /// <summary>The content and the preview; removing an object that was never stored is no error in either store.</summary>
    private async Task RemoveObjectsAsync(FileRecord file)
    {
        foreach (var key in new[] { file.StorageKey, file.ThumbnailKey }.OfType<string>())
        {
            await storage.DeleteAsync(key, CancellationToken.None);
        }
    }

    private FileRecord? Live => state.State is { Stage: FileStage.Ready, File: { Status: not FileStatus.Deleted } file } ? file : null;

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
