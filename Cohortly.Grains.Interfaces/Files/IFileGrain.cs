using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Files;

/// <summary>One stored file's metadata, keyed by the file id. The bytes live in object storage under keys this record names.</summary>
[Alias("cohortly.files.file")]
public interface IFileGrain : IGrainWithStringKey
{
    /// <summary>Records a file the front end has just stored; also lists it for its owner (and its bootcamp, for resources).</summary>
    [Alias("register")]
    Task<FileRecord> RegisterAsync(FileRecord file);

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
    /// The owner deletes an unsubmitted file; an admin may purge any. Returns the record as it was, so the
    /// caller can remove the stored objects it names.
    /// </summary>
    [Alias("delete")]
    Task<FileRecord> DeleteAsync(Caller caller);
}
