using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Files;

/// <summary>One stored file's metadata, keyed by the file id. The bytes live in object storage under keys this record names.</summary>
[Alias("cohortly.files.file")]
public interface IFileGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records an upload as pending before a byte of it is stored, and lists it for its owner (and its bootcamp, for
    /// resources), which takes its place in their quota. A pending file is invisible to every reader; unless
    /// <see cref="CompleteAsync"/> makes it ready within <see cref="FileRules.PendingGrace"/>, the sweep removes it and
    /// any bytes stored for it. A repeat for the same storage key is harmless.
    /// </summary>
    [Alias("begin")]
    Task BeginAsync(FileRecord pending);

    /// <summary>
    /// Makes a pending file ready once its bytes are stored: the record as it will be served (size, hash, thumbnail).
    /// 409 <c>upload-expired</c> when the sweep removed it meanwhile. A repeat answers the ready record.
    /// </summary>
    [Alias("complete")]
    Task<FileRecord> CompleteAsync(FileRecord stored);

    /// <summary>Drops a pending file the front end refused or failed to store (it removes the bytes it wrote), releasing its quota.</summary>
    [Alias("abandon")]
    Task AbandonAsync();

    [Alias("get"), ReadOnly]
    Task<FileRecord?> GetAsync();

    /// <summary>The record when the caller may read the file: its owner, admins, and by purpose the bootcamp's staff or members.</summary>
    [Alias("get-for-reader")]
    Task<FileRecord> GetForReaderAsync(Caller caller);

    /// <summary>
    /// Attaches the file to a submitted version. Only its owner's uploaded submission file for this assignment,
    /// within the assignment's extensions and size; from then on it is kept as evidence.
    /// </summary>
    [Alias("check-attachable"), ReadOnly]
    Task<AttachedFile> CheckAttachableAsync(string studentId, string assignmentId);

    [Alias("mark-submitted")]
    Task<AttachedFile> MarkSubmittedAsync(string studentId, string assignmentId, int version);

    /// <summary>
    /// The owner deletes an unsubmitted file; an admin may purge any. The record is marked first (readers no longer see
    /// it), then unlisted, then its stored objects are removed; a step a failure cut short is finished by a repeat of
    /// the delete or by the sweep. Returns the record as it was.
    /// </summary>
    [Alias("delete")]
    Task<FileRecord> DeleteAsync(Caller caller);

    /// <summary>
    /// What the file's reminder runs, open to tests that move the clock: removes a pending upload past its grace period
    /// (record, listing, stored bytes) and finishes a delete cut short. Returns true when it changed something.
    /// </summary>
    [Alias("sweep")]
    Task<bool> SweepAsync();
}
