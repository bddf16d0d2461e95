using System.Buffers;
using System.Security.Cryptography;
using Cohortly.Common;
using Cohortly.Files;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Integrations.Images;
using Cohortly.Integrations.Scanning;
using Cohortly.Integrations.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cohortly.Frontend.Files;

/// <summary>
/// Receives <c>POST /api/files</c>: reads the multipart body section by section (never buffering the form),
/// decides the type from the first bytes, and streams the file to storage while hashing and scanning it.
/// Archives and images are spooled to a temporary file instead, because they are inspected (archive directory,
/// image decoding) before anything is stored. Any refusal aborts the upload, so nothing is left behind.
/// </summary>
public sealed class FileUploads(
    IObjectStorage storage, IUploadScanner scanner, IImageProcessor images, UploadSpool spool, IClusterClient cluster, IOptions<EdgeOptions> edge,
    TimeProvider time, ILogger<FileUploads> logger)
    : IDisposable
{
    /// <summary>
    /// Decoding an image and inflating an archive are a core and up to a few hundred MB each: ten image uploads at once
    /// took the process from 400 MB to over 2 GB resident. They take turns; the bytes wait on the local disk.
    /// </summary>
    private readonly CoreGate _inspection = new();

    /// <summary>The largest body the upload route lets Kestrel read: the largest purpose plus room for the form fields.</summary>
    public const long MaxRequestBytes = FileRules.ResourceMaxBytes + (1024 * 1024);

    /// <summary>The per-user upload rate (<c>Cohortly:Edge:UploadsPerMinute</c>), on top of every request's own limit.</summary>
    public const string RatePolicy = "uploads";

    private const int FieldMaxChars = 256;
    private const int MaxFields = 8;
    private const int CopyBufferBytes = 128 * 1024;

    public async Task<IResult> ReceiveAsync(HttpContext http)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = MaxRequestBytes;
        }
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return UploadTarget.Unsupported("Upload files as multipart/form-data with the fields purpose (and assignmentId or bootcampId) before the file.");
        }
        try
        {
            return await ReceiveFormAsync(http, boundary, http.RequestAborted);
        }
        catch (Exception malformed) when (malformed is InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            // The multipart reader's own refusals: a body that ends inside a part, too many or too long part headers,
            // a boundary that never comes. The client sent them; they are not our errors.
            return Problems.Create(StatusCodes.Status400BadRequest, "malformed-form", "The multipart form could not be read.", malformed.Message);
        }
    }

    private async Task<IResult> ReceiveFormAsync(HttpContext http, string boundary, CancellationToken cancellation)
    {
        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = MaxRequestBytes };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var caller = http.User.ToCaller();
        while (await reader.ReadNextSectionAsync(cancellation) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var fieldName = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition())
            {
                if (fieldName != "file")
                {
                    continue;
                }
                if (UploadTarget.CheckFields(fields) is { Any: true } errors)
                {
                    return errors.ToProblem();
                }
                var target = await UploadTarget.ResolveAsync(fields, caller, cluster);
                var name = FileRules.CleanName(disposition.FileNameStar.Value ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value);
                if (name is null)
                {
                    return FieldErrors.Of("file", "The file needs a name.").ToProblem();
                }
                return target.RefuseName(name) ?? await StoreAsync(section.Body, name, target, caller, cancellation);
            }
            if (fields.Count >= MaxFields)
            {
                return FieldErrors.Of("form", $"At most {MaxFields} fields besides the file.").ToProblem();
            }
            fields[fieldName] = await ReadFieldAsync(section.Body, cancellation);
        }
        return FieldErrors.Of("file", "Send the file in a form field named \"file\".").ToProblem();
    }

    /// <summary>413 in the words the upload page shows: how much is used of how much, and what to do about it.</summary>
    private static ProblemHttpResult QuotaFull(long usedBytes, long quotaBytes, long? fileBytes) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "upload-quota-full", "There is no room left for your files.",
            (fileBytes is { } size
                ? $"This file ({Megabytes(size)}) does not fit: your files already use {Megabytes(usedBytes)} of your {Megabytes(quotaBytes)}. "
                : $"Your files already use {Megabytes(usedBytes)} of your {Megabytes(quotaBytes)}. ")
            + "Delete files you no longer need on the My files page, then upload again.");

    private static string Megabytes(long bytes) => $"{Math.Ceiling(bytes / (1024.0 * 1024) * 10) / 10:0.#} MB";

    private async Task<IResult> StoreAsync(Stream body, string name, UploadTarget target, Caller caller, CancellationToken cancellation)
    {
        var quota = cluster.GetGrain<IUploadQuotaGrain>(caller.UserId);
        var quotaBytes = edge.Value.UploadQuotaBytes;
        // A full quota is refused before a byte is read; one that the file turns out not to fit, once its size is known.
        if (await quota.GetUsedBytesAsync() is var used && used >= quotaBytes)
        {
            return QuotaFull(used, quotaBytes, null);
        }
        var sniff = new byte[FileTypes.SniffBytes];
        var sniffed = await body.ReadAtLeastAsync(sniff, sniff.Length, throwOnEndOfStream: false, cancellation);
        if (sniffed == 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "empty-file", "The file is empty.");
        }
        var type = FileTypes.Match(name, sniff.AsSpan(0, sniffed), wholeFile: sniffed < sniff.Length);
        if (type is null)
        {
            return UploadTarget.Unsupported($"The content of {name} is not a {FileRules.ExtensionOf(name)} file.");
        }
        var fileId = SecureTokens.NewId();
        var stored = new StoredObjects(storage, $"files/{fileId}/content");
        var file = cluster.GetGrain<IFileGrain>(fileId);
        // Pending before a byte is stored (a full quota is refused here): a crash from now on leaves a record the file's
        // sweep finds, never bytes nobody knows of.
        await file.BeginAsync(new FileRecord(fileId, caller.UserId, target.Purpose, target.BootcampId, target.AssignmentId, name, 0,
            type.ContentType, "", stored.ContentKey, type.IsImage ? stored.PlannedThumbnailKey : null, FileStatus.Uploaded, time.GetUtcNow(), null));
        var completed = false;
        try
        {
            await using var scan = await scanner.BeginAsync(cancellation);
            var incoming = new Incoming(sniff, sniffed, body, target.MaxBytes, scan, type.Kind == ContentKind.Text ? new TextCheck() : null, name);
            var outcome = type.IsImage || type.IsArchive
                ? await StoreInspectedAsync(incoming, type, target, stored, cancellation)
                : await StoreStreamedAsync(incoming, type, stored, cancellation);
            if (outcome.Refusal is not null)
            {
                return outcome.Refusal;
            }
            // The size is known only now; the reservation is keyed by the file, and the file's record gives it back
            // whenever the upload is abandoned, swept or deleted.
            if (await quota.TryReserveAsync(fileId, outcome.SizeBytes, quotaBytes) is { } usedBefore)
            {
                return QuotaFull(usedBefore, quotaBytes, outcome.SizeBytes);
            }
            var record = await file.CompleteAsync(new FileRecord(fileId, caller.UserId, target.Purpose, target.BootcampId, target.AssignmentId, name,
                outcome.SizeBytes, type.ContentType, outcome.Sha256, stored.ContentKey, stored.ThumbnailKey, FileStatus.Uploaded, time.GetUtcNow(), null));
            completed = true;
            stored.Keep();
            if (target.Purpose == FilePurpose.Avatar && await cluster.GetGrain<IAvatarGrain>(caller.UserId).SetAsync(fileId) is { } replaced)
            {
                await cluster.GetGrain<IFileGrain>(replaced).DeleteAsync(caller);
            }
            return TypedResults.Created($"/api/files/{fileId}", FileResponse.From(record));
        }
        catch (StorageUnavailableException failed)
        {
            logger.LogError(failed, "Upload refused: {Store} failed", storage.Description);
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "storage-unavailable", "Files cannot be stored right now; try again later.");
        }
        catch (ScannerUnavailableException unavailable)
        {
            logger.LogError(unavailable, "Upload refused: the malware scanner is unavailable");
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, "scanner-unavailable", "Uploads cannot be scanned right now; try again later.");
        }
        finally
        {
            await stored.DisposeAsync();
            if (!completed)
            {
                await AbandonAsync(file);
            }
        }
    }

    /// <summary>Releases a refused or failed upload's place in the quota at once; if that fails too, the file's sweep does it later.</summary>
    private async Task AbandonAsync(IFileGrain file)
    {
        try
        {
            await file.AbandonAsync();
        }
        catch (Exception failed) when (failed is not OperationCanceledException)
        {
            logger.LogWarning(failed, "An abandoned upload's pending record {FileId} is left to its sweep", file.GetPrimaryKeyString());
        }
    }

    /// <summary>Straight through to storage: the file is never whole in memory or on the local disk.</summary>
    private async Task<Outcome> StoreStreamedAsync(Incoming incoming, FileType type, StoredObjects stored, CancellationToken cancellation)
    {
        await using var upload = await storage.BeginUploadAsync(stored.ContentKey, type.ContentType, cancellation);
        var copied = await incoming.CopyToAsync(upload.WriteAsync, cancellation);
        if (copied.Refusal is not null)
        {
            return copied;
        }
        await upload.CompleteAsync(cancellation);
        stored.Written(stored.ContentKey);
        return copied;
    }

    private async Task<Outcome> StoreInspectedAsync(Incoming incoming, FileType type, UploadTarget target, StoredObjects stored, CancellationToken cancellation)
    {
        await using var spooled = new FileStream(spool.NewPath(), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, CopyBufferBytes,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var copied = await incoming.CopyToAsync(spooled.WriteAsync, cancellation);
        if (copied.Refusal is not null)
        {
            return copied;
        }
        spooled.Position = 0;
        if (type.IsArchive)
        {
            if (await _inspection.RunAsync(() => ArchiveInspector.Problem(spooled, type.Kind), cancellation) is { } problem)
            {
                return Outcome.Refused(Problems.Create(StatusCodes.Status422UnprocessableEntity, "unsafe-archive", problem));
            }
            spooled.Position = 0;
            await storage.PutAsync(stored.ContentKey, spooled, type.ContentType, cancellation);
            stored.Written(stored.ContentKey);
            return copied;
        }
        var processed = await _inspection.RunAsync(() => images.Process(spooled, target.ImageBudget), cancellation);
        if (processed.Result is not { } image)
        {
            return Outcome.Refused(processed.OverBudget
                ? Problems.Create(StatusCodes.Status413PayloadTooLarge, "image-too-large", processed.Problem!)
                : Problems.Create(StatusCodes.Status422UnprocessableEntity, "unreadable-image", processed.Problem!));
        }
        var result = copied;
        if (image.Image.Length > 0)
        {
            // What is served is the re-encoded image without its metadata, so that is what is hashed and measured.
            await storage.PutAsync(stored.ContentKey, new MemoryStream(image.Image, writable: false), type.ContentType, cancellation);
            result = new Outcome(image.Image.LongLength, Convert.ToHexStringLower(SHA256.HashData(image.Image)), null);
        }
        else
        {
            spooled.Position = 0;
            await storage.PutAsync(stored.ContentKey, spooled, type.ContentType, cancellation);
        }
        stored.Written(stored.ContentKey);
        await storage.PutAsync(stored.PlannedThumbnailKey, new MemoryStream(image.Thumbnail, writable: false), IImageProcessor.ThumbnailContentType, cancellation);
        stored.Written(stored.PlannedThumbnailKey);
        return result;
    }

    public void Dispose() => _inspection.Dispose();

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken cancellation)
    {
        using var reader = new StreamReader(body, leaveOpen: true);
        var buffer = new char[FieldMaxChars + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellation);
        // An over-long value cannot be a purpose or an id; it is cut so it fails validation without being held.
        return new string(buffer, 0, Math.Min(read, FieldMaxChars)).Trim();
    }

    private sealed record Outcome(long SizeBytes, string Sha256, IResult? Refusal)
    {
        public static Outcome Refused(IResult refusal) => new(0, "", refusal);
    }

    /// <summary>The file section: the bytes already sniffed, then the rest, counted against the limit, hashed and scanned on the way.</summary>
    private sealed class Incoming(byte[] first, int firstCount, Stream rest, long maxBytes, IScanSession scan, TextCheck? text, string name)
    {
        public async Task<Outcome> CopyToAsync(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellation)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total = 0;
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
            try
            {
                var chunk = first.AsMemory(0, firstCount);
                while (!chunk.IsEmpty)
                {
                    total += chunk.Length;
                    if (total > maxBytes)
                    {
                        return Outcome.Refused(Problems.Create(StatusCodes.Status413PayloadTooLarge, "file-too-large",
                            $"The file is larger than the limit of {maxBytes} bytes for this upload."));
                    }
                    hash.AppendData(chunk.Span);
                    text?.Append(chunk.Span);
                    await scan.WriteAsync(chunk, cancellation);
                    await sink(chunk, cancellation);
                    var read = await rest.ReadAsync(buffer, cancellation);
                    chunk = buffer.AsMemory(0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            if (text is not null && !text.Complete())
            {
                return Outcome.Refused(UploadTarget.Unsupported($"The content of {name} is not text (UTF-8 without binary bytes) all the way through."));
            }
            var verdict = await scan.CompleteAsync(cancellation);
            if (!verdict.Clean)
            {
                return Outcome.Refused(Problems.Create(StatusCodes.Status422UnprocessableEntity, "file-infected",
                    $"The malware scanner refused the file ({verdict.Signature})."));
            }
            return new Outcome(total, Convert.ToHexStringLower(hash.GetHashAndReset()), null);
        }
    }

    /// <summary>The objects one upload has written; unless kept, they are removed when the upload ends.</summary>
    private sealed class StoredObjects(IObjectStorage storage, string contentKey) : IAsyncDisposable
    {
        private readonly List<string> _written = [];
        private bool _kept;

        public string ContentKey => contentKey;

        /// <summary>Where an image's preview goes, known before anything is stored so the pending record can name it.</summary>
        public string PlannedThumbnailKey => contentKey[..contentKey.LastIndexOf('/')] + "/thumbnail";

        public string? ThumbnailKey => _written.FirstOrDefault(key => key != contentKey);

        public void Written(string key) => _written.Add(key);

        public void Keep() => _kept = true;

        public async ValueTask DisposeAsync()
        {
            if (_kept)
            {
                return;
            }
            foreach (var key in _written)
            {
                await storage.DeleteAsync(key, CancellationToken.None);
            }
        }
    }
}
