using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Files;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Integrations.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Cohortly.Frontend.Files;

public static class FilesApi
{
    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/api/files").WithTags("Files").RequireAuthorization().AddEndpointFilter(RequireStorageAsync);
        files.MapPost("/", UploadAsync).WithName("UploadFile").RequireRateLimiting(FileUploads.RatePolicy)
            .WithSummary("Upload a file as multipart/form-data: purpose (submission|resource|avatar), assignmentId or bootcampId, then file.")
            .WithDescription("The form is read as it streams, so `purpose` and its id come before `file`. A submission file is for an assignment the caller " +
                "is enrolled in and must fit its allowed extensions and size; a resource is for a bootcamp the caller teaches (or any, as admin); an avatar " +
                "replaces the caller's previous one. The type is decided from the bytes: 415 when it is not accepted or does not match the name, " +
                "413 over the size limit or the caller's storage quota (`upload-quota-full`), 422 when the malware scanner flags it or an archive or image cannot be inspected safely, " +
                "409 when the caller's file quota is full or the assignment is closed, 503 when storage or the malware scanner is unavailable.")
            .AcceptsMultipartForm<UploadFileForm>("The fields in this order: purpose, then assignmentId or bootcampId, then file.")
            .Produces<FileResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery();
        files.MapGet("/{fileId}", GetAsync).WithName("GetFile").WithSummary("A file's metadata (its owner, admins, and who may read it by purpose).")
            .WithDescription("Its owner and admins; a submission file also the bootcamp's staff, a resource the bootcamp's members. " +
                "404 both for an unknown file and for one the caller may not read, so ids cannot be probed.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        files.MapGet("/{fileId}/download-url", DownloadUrlAsync).WithName("GetFileDownloadUrl")
            .WithSummary("A short-lived signed link to the file (variant=content|thumbnail).")
            .WithDescription("Who may read the file (see GetFile). The link works without a token until `expiresAt`; `thumbnail` exists for images only (404 `no-thumbnail`).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        files.MapGet("/{fileId}/thumbnail", ThumbnailAsync).WithName("GetFileThumbnail")
            .WithSummary("An image's preview (JPEG, at most 320 px), served by the front end so pages can show it under their own content policy.")
            .WithDescription("Who may read the file (see GetFile); 404 for files that are not images.")
            .ProducesContent(StatusCodes.Status200OK, Integrations.Images.IImageProcessor.ThumbnailContentType, "The preview image.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        files.MapDelete("/{fileId}", DeleteAsync).WithName("DeleteFile")
            .WithSummary("Delete a file (its owner, while it is not part of a submitted version; admins purge any).")
            .WithDescription("404 for an unknown file or one the caller does not own; 409 `file-submitted` for a file kept as evidence of a submitted version.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        app.MapGet("/api/me/files", ListMineAsync).RequireAuthorization().WithTags("Files").WithName("ListMyFiles")
            .WithSummary("The caller's files, newest first.")
            .WithDescription("A page of the files the caller uploaded and has not deleted.");
        app.MapGet("/api/bootcamps/{bootcampId}/resources", ListResourcesAsync).RequireAuthorization().WithTags("Files").WithName("ListResources")
            .WithSummary("A bootcamp's course resources, newest first (members, admins).")
            .WithDescription("Members of the bootcamp and admins (403 for others, 404 for an unknown bootcamp).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        app.MapGet("/api/me/avatar", MyAvatarAsync).RequireAuthorization().WithTags("Files").WithName("GetMyAvatar")
            .WithSummary("Whether the caller has an avatar: its file id, or null.")
            .WithDescription("Lets a page show the avatar, or say there is none, without asking for an image that is not there.");
        app.MapGet("/api/users/{userId}/avatar", AvatarAsync).RequireAuthorization().WithTags("Files").WithName("GetAvatar")
            .WithSummary("A signed link to the user's avatar thumbnail; 404 when they have none.").AddEndpointFilter(RequireStorageAsync)
            .WithDescription("Any signed-in user; the link works without a token until `expiresAt`.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        app.MapGet("/api/users/{userId}/avatar/image", AvatarImageAsync).RequireAuthorization().WithTags("Files").WithName("GetAvatarImage")
            .WithSummary("The user's avatar preview itself (JPEG); 404 when they have none.").AddEndpointFilter(RequireStorageAsync)
            .WithDescription("Any signed-in user; cached privately for five minutes.")
            .ProducesContent(StatusCodes.Status200OK, Integrations.Images.IImageProcessor.ThumbnailContentType, "The avatar preview image.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        app.MapGet("/files/{fileId}/content", ServeAsync).AllowAnonymous().WithTags("Files").WithName("ServeFile")
            .WithSummary("Embedded storage: the file behind a signed link from download-url.").ExcludeFromDescription();
        return app;
    }

    public static Task<IResult> UploadAsync(HttpContext http, FileUploads uploads) => uploads.ReceiveAsync(http);

    public static async Task<Results<Ok<FileResponse>, ProblemHttpResult>> GetAsync(string fileId, [AsParameters] CallerContext context) =>
        TypedResults.Ok(FileResponse.From(await context.Grain<IFileGrain>(fileId).GetForReaderAsync(context.Caller)));

    public static async Task<Results<Ok<DownloadLink>, ProblemHttpResult>> DownloadUrlAsync(
        string fileId, string? variant, [AsParameters] CallerContext context, FileLinks links, PublicUrl publicUrl)
    {
        if (FileLinks.ParseVariant(variant) is not { } parsed)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "bad-variant", "variant must be \"content\" or \"thumbnail\".");
        }
        var file = await context.Grain<IFileGrain>(fileId).GetForReaderAsync(context.Caller);
        if (parsed == FileVariant.Thumbnail && file.ThumbnailKey is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "no-thumbnail", "Only images have thumbnails.");
        }
        return TypedResults.Ok(links.Create(file, parsed, publicUrl.Base));
    }

    public static async Task<NoContent> DeleteAsync(string fileId, [AsParameters] CallerContext context)
    {
        await context.Grain<IFileGrain>(fileId).DeleteAsync(context.Caller);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<Paged<FileResponse>>, ValidationProblem>> ListMineAsync(int? page, int? pageSize, [AsParameters] CallerContext context)
    {
        var paging = new PageRequest(page, pageSize);
        if (paging.Validate() is { Any: true } errors)
        {
            return errors.ToProblem();
        }
        var slice = await context.Grain<IUserFilesGrain>(context.Caller.UserId).ListAsync(paging.PageNumber, paging.Size);
        return TypedResults.Ok(new Paged<FileResponse>(await RecordsAsync(context.Cluster, slice), paging.PageNumber, paging.Size, slice.Total));
    }

    public static async Task<Results<Ok<Paged<FileResponse>>, ValidationProblem, ProblemHttpResult>> ListResourcesAsync(
        string bootcampId, int? page, int? pageSize, [AsParameters] CallerContext context)
    {
        var paging = new PageRequest(page, pageSize);
        if (paging.Validate() is { Any: true } errors)
        {
            return errors.ToProblem();
        }
        var slice = await context.Grain<IBootcampReaderGrain>(IBootcampReaderGrain.Key).ListResourcesAsync(context.Caller, bootcampId, paging.PageNumber, paging.Size);
        return TypedResults.Ok(new Paged<FileResponse>(await RecordsAsync(context.Cluster, slice), paging.PageNumber, paging.Size, slice.Total));
    }

    public static async Task<Ok<MyAvatarResponse>> MyAvatarAsync([AsParameters] CallerContext context)
    {
        var fileId = await context.Grain<IAvatarGrain>(context.Caller.UserId).GetAsync();
        var file = fileId is null ? null : await context.Grain<IFileGrain>(fileId).GetAsync();
        return TypedResults.Ok(new MyAvatarResponse(file?.FileId));
    }

    public static async Task<Results<Ok<DownloadLink>, ProblemHttpResult>> AvatarAsync(string userId, IClusterClient cluster, FileLinks links, PublicUrl publicUrl)
    {
        var fileId = await cluster.GetGrain<IAvatarGrain>(userId).GetAsync();
        var file = fileId is null ? null : await cluster.GetGrain<IFileGrain>(fileId).GetAsync();
        if (file is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "no-avatar", "This user has no avatar.");
        }
        return TypedResults.Ok(links.Create(file, FileVariant.Thumbnail, publicUrl.Base));
    }

    public static async Task<IResult> ThumbnailAsync(string fileId, [AsParameters] CallerContext context, IObjectStorage storage)
    {
        var file = await context.Grain<IFileGrain>(fileId).GetForReaderAsync(context.Caller);
        return await StreamThumbnailAsync(file, context.Http, storage);
    }

    public static async Task<IResult> AvatarImageAsync(string userId, HttpContext http, IClusterClient cluster, IObjectStorage storage)
    {
        var fileId = await cluster.GetGrain<IAvatarGrain>(userId).GetAsync();
        var file = fileId is null ? null : await cluster.GetGrain<IFileGrain>(fileId).GetAsync();
        return file is null
            ? Problems.Create(StatusCodes.Status404NotFound, "no-avatar", "This user has no avatar.")
            : await StreamThumbnailAsync(file, http, storage);
    }

    /// <summary>Previews are small and shown inline: streamed through the front end rather than linked to the store's origin.</summary>
    private static async Task<IResult> StreamThumbnailAsync(FileRecord file, HttpContext http, IObjectStorage storage)
    {
        if (file.ThumbnailKey is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "no-thumbnail", "Only images have thumbnails.");
        }
        try
        {
            var content = await storage.OpenReadAsync(file.ThumbnailKey, http.RequestAborted);
            http.Response.Headers[HeaderNames.CacheControl] = "private, max-age=300";
            return TypedResults.Stream(content, Integrations.Images.IImageProcessor.ThumbnailContentType);
        }
        catch (FileNotFoundException)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "not-found", "This file's preview is missing.");
        }
    }

    /// <summary>The local-disk store's downloads: anyone holding a valid, unexpired link gets that one file's bytes, as an attachment.</summary>
    public static async Task<IResult> ServeAsync(
        string fileId, string? variant, string? expires, string? sig, HttpContext http, FileLinks links, IClusterClient cluster, IObjectStorage storage)
    {
        switch (links.Check(fileId, variant, expires, sig))
        {
            case LinkCheck.Invalid:
                return Problems.Create(StatusCodes.Status403Forbidden, "link-invalid", "This download link is not valid.");
            case LinkCheck.Expired:
                return Problems.Create(StatusCodes.Status410Gone, "link-expired", "This download link has expired; ask for a new one.");
        }
        var file = await cluster.GetGrain<IFileGrain>(fileId).GetAsync();
        if (file is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "not-found", "This file has been deleted.");
        }
        var (key, name, contentType) = FileLinks.Describe(file, FileLinks.ParseVariant(variant)!.Value);
        Stream content;
        try
        {
            content = await storage.OpenReadAsync(key, http.RequestAborted);
        }
        catch (FileNotFoundException)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "not-found", "This file's content is missing.");
        }
        http.Response.Headers[HeaderNames.ContentDisposition] = ContentDisposition.Attachment(name);
        http.Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        return TypedResults.Stream(content, contentType);
    }

    private static async Task<List<FileResponse>> RecordsAsync(IClusterClient cluster, PageSlice<string> slice)
    {
        var records = await Task.WhenAll(slice.Items.Select(id => cluster.GetGrain<IFileGrain>(id).GetAsync()));
        return [.. records.OfType<FileRecord>().Select(FileResponse.From)];
    }


    private static async ValueTask<object?> RequireStorageAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var availability = context.HttpContext.RequestServices.GetRequiredService<FileStorageAvailability>();
        return availability.Problem is null
            ? await next(context)
            : Problems.Create(StatusCodes.Status503ServiceUnavailable, "storage-not-configured", availability.Problem);
    }
}
