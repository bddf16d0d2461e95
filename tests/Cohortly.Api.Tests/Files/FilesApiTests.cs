using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;
using SkiaSharp;

namespace Cohortly.Api.Tests.Files;

/// <summary>Files on the embedded local-disk store: uploads, refusals that store nothing, signed links, submissions.</summary>
[Collection(EmbeddedAppCollection.Name)]
public sealed class FilesApiTests(EmbeddedAppFixture fixture)
{
    private readonly BootcampClient _api = new(fixture);

    private HttpClient Http => fixture.Http;

    private sealed record Course(Tokens Instructor, Tokens Student, string BootcampId, string AssignmentId);

    private async Task<Course> CourseAsync(string[]? allowedExtensions = null, long maxFileBytes = 5_000_000)
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var student = await _api.StudentAsync();
        await _api.EnrollAsync(student, bootcampId);
        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId, new
        {
            title = "Report",
            description = "Write it up.",
            dueAt = DateTimeOffset.UtcNow.AddDays(3),
            maxScore = 100,
            allowedExtensions = allowedExtensions ?? [".pdf", ".zip", ".tar.gz", ".png", ".jpg", ".py"],
            maxFileBytes,
        });
        return new Course(instructor, student, bootcampId, assignmentId);
    }

    private static async Task<JsonObject> CreatedAsync(HttpResponseMessage response)
    {
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task<string> DownloadUrlAsync(Tokens caller, string fileId, string variant = "content")
    {
        using var response = await Http.SendAsync(HttpMethod.Get, $"/api/files/{fileId}/download-url?variant={variant}", caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        var link = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(link["expiresAt"]!.GetValue<DateTimeOffset>() <= DateTimeOffset.UtcNow.AddMinutes(6));
        return link["url"]!.GetValue<string>();
    }

    private async Task<long> MyFileCountAsync(Tokens caller) =>
        (await _api.GetJsonAsync(caller, "/api/me/files"))["total"]!.GetValue<long>();

    /// <summary>Stored objects on disk (the store's own temporary folder excluded).</summary>
    private int StoredObjectCount() =>
        Directory.Exists(Path.Combine(fixture.App.DataDirectory, "files"))
            ? Directory.EnumerateFiles(Path.Combine(fixture.App.DataDirectory, "files"), "*", SearchOption.AllDirectories)
                .Count(path => !path.Contains(Path.DirectorySeparatorChar + ".incoming" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            : 0;

    [Fact]
    public async Task StudentSubmitsAnUploadedPdfAndTheInstructorOpensItThroughASignedLink()
    {
        var course = await CourseAsync();
        var pdf = Uploads.Pdf("my report");
        var uploaded = await CreatedAsync(await Http.UploadAsync(course.Student.AccessToken, "report.pdf", pdf, "submission", course.AssignmentId));
        var fileId = uploaded["fileId"]!.GetValue<string>();
        Assert.Equal("report.pdf", uploaded["name"]!.GetValue<string>());
        Assert.Equal(pdf.Length, uploaded["sizeBytes"]!.GetValue<long>());
        Assert.Equal("application/pdf", uploaded["contentType"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), uploaded["sha256"]!.GetValue<string>());

        using (var submit = await Http.SendAsync(HttpMethod.Post, $"/api/assignments/{course.AssignmentId}/submissions", course.Student.AccessToken,
            new { text = "see attached", fileIds = new[] { fileId } }))
        {
            await submit.ExpectAsync(HttpStatusCode.Created);
        }
        var version = await _api.GetJsonAsync(course.Instructor, $"/api/assignments/{course.AssignmentId}/submissions/{course.Student.UserId}/versions/1");
        var listed = Assert.Single(version["files"]!.AsArray())!;
        Assert.Equal(fileId, listed["fileId"]!.GetValue<string>());
        Assert.Equal("report.pdf", listed["name"]!.GetValue<string>());
        Assert.Equal(pdf.Length, listed["sizeBytes"]!.GetValue<long>());

        var url = await DownloadUrlAsync(course.Instructor, fileId);
        using var anonymous = new HttpClient();
        using var download = await anonymous.GetAsync(url);
        await download.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("report.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        // Submitted work is evidence: the student cannot delete it, an admin can purge it.
        var kept = await (await Http.SendAsync(HttpMethod.Delete, $"/api/files/{fileId}", course.Student.AccessToken)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.EndsWith("/file-submitted", kept.ProblemType());
        Assert.Equal("submitted", (await _api.GetJsonAsync(course.Student, $"/api/files/{fileId}"))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(fixture.Admin, HttpMethod.Delete, $"/api/files/{fileId}"));
        using var afterPurge = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, afterPurge.StatusCode);
    }

    [Fact]
    public async Task AnExecutableNamedPdfIsRefusedAndNothingIsStored()
    {
        var course = await CourseAsync();
        var before = StoredObjectCount();
        var problem = await (await Http.UploadAsync(course.Student.AccessToken, "invoice.pdf", Uploads.Executable(), "submission", course.AssignmentId))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.EndsWith("/unsupported-file-type", problem.ProblemType());
        // An extension the assignment does not list, and one nobody accepts.
        await (await Http.UploadAsync(course.Student.AccessToken, "notes.docx", Uploads.Pdf(), "submission", course.AssignmentId)).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await Http.UploadAsync(course.Student.AccessToken, "setup.exe", Uploads.Executable(), "submission", course.AssignmentId)).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await MyFileCountAsync(course.Student));
        Assert.Equal(before, StoredObjectCount());
    }

    [Fact]
    public async Task AFileOverTheAssignmentsLimitIsRefusedWith413()
    {
        var course = await CourseAsync(maxFileBytes: 10_000);
        var before = StoredObjectCount();
        var big = new byte[20_000];
        Encoding.ASCII.GetBytes("%PDF-1.4\n").CopyTo(big, 0);
        var problem = await (await Http.UploadAsync(course.Student.AccessToken, "big.pdf", big, "submission", course.AssignmentId))
            .ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.EndsWith("/file-too-large", problem.ProblemType());
        // An avatar has a small limit of its own, checked while the bytes stream in.
        var avatar = new byte[6 * 1024 * 1024];
        TestFiles.Png(4, 4).CopyTo(avatar, 0);
        await (await Http.UploadAsync(course.Student.AccessToken, "me.png", avatar, "avatar")).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await MyFileCountAsync(course.Student));
        Assert.Equal(before, StoredObjectCount());
    }

    [Fact]
    public async Task ArchivesThatExplodeOrEscapeTheirFolderAreRefused()
    {
        var course = await CourseAsync();
        var before = StoredObjectCount();
        var bomb = await (await Http.UploadAsync(course.Student.AccessToken, "project.zip", TestFiles.ZipBomb(), "submission", course.AssignmentId))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("zip bomb", bomb["title"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var name in new[] { "../../etc/cron.d/evil", "/etc/passwd", "src\\..\\..\\evil.py" })
        {
            var escape = await (await Http.UploadAsync(course.Student.AccessToken, "project.zip", TestFiles.Zip(("README.md", "hi"), (name, "x")), "submission", course.AssignmentId))
                .ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.EndsWith("/unsafe-archive", escape.ProblemType());
        }
        await (await Http.UploadAsync(course.Student.AccessToken, "project.tar.gz", TestFiles.TarGz(("ok.py", "print(1)"), ("../escape.py", "x")), "submission", course.AssignmentId))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await MyFileCountAsync(course.Student));
        Assert.Equal(before, StoredObjectCount());

        // A well-formed project is accepted, zip and tar.gz alike.
        await CreatedAsync(await Http.UploadAsync(course.Student.AccessToken, "project.zip", TestFiles.Zip(("src/main.py", "print('hi')")), "submission", course.AssignmentId));
        await CreatedAsync(await Http.UploadAsync(course.Student.AccessToken, "project.tar.gz", TestFiles.TarGz(("src/main.py", "print('hi')")), "submission", course.AssignmentId));
    }

    [Fact]
    public async Task AnotherUsersFileCannotBeSubmittedReadLinkedOrDeleted()
    {
        var course = await CourseAsync();
        var classmate = await _api.StudentAsync("Classmate");
        await _api.EnrollAsync(classmate, course.BootcampId);
        var fileId = (await CreatedAsync(await Http.UploadAsync(course.Student.AccessToken, "mine.pdf", Uploads.Pdf(), "submission", course.AssignmentId)))["fileId"]!.GetValue<string>();

        var stolen = await (await Http.SendAsync(HttpMethod.Post, $"/api/assignments/{course.AssignmentId}/submissions", classmate.AccessToken,
            new { text = "mine now", fileIds = new[] { fileId } })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.EndsWith("/unknown-file", stolen.ProblemType());
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(classmate, HttpMethod.Get, $"/api/files/{fileId}"));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(classmate, HttpMethod.Get, $"/api/files/{fileId}/download-url"));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(classmate, HttpMethod.Delete, $"/api/files/{fileId}"));
        // The refused submission created no version and the file is still the owner's to delete.
        Assert.Equal(0, (await _api.GetJsonAsync(classmate, $"/api/assignments/{course.AssignmentId}/submissions"))["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(course.Student, HttpMethod.Delete, $"/api/files/{fileId}"));
        Assert.Equal(0, await MyFileCountAsync(course.Student));
        // A file of the wrong purpose is not submittable either.
        var resourceLike = (await CreatedAsync(await Http.UploadAsync(course.Student.AccessToken, "me.png", TestFiles.Png(8, 8), "avatar")))["fileId"]!.GetValue<string>();
        await (await Http.SendAsync(HttpMethod.Post, $"/api/assignments/{course.AssignmentId}/submissions", course.Student.AccessToken,
            new { fileIds = new[] { resourceLike } })).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DownloadLinksPointAtTheAppWhateverHostTheRequestClaims()
    {
        var user = await _api.StudentAsync("Host Checker");
        var fileId = (await CreatedAsync(await Http.UploadAsync(user.AccessToken, "me.png", TestFiles.Png(40, 40), "avatar")))["fileId"]!.GetValue<string>();
        foreach (var path in new[] { $"/api/files/{fileId}/download-url", $"/api/users/{user.UserId}/avatar" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.AccessToken);
            request.Headers.Host = "evil.example";
            using var response = await Http.SendAsync(request);
            await response.ExpectAsync(HttpStatusCode.OK);
            var url = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["url"]!.GetValue<string>();
            Assert.StartsWith(fixture.App.BaseAddress.ToString().TrimEnd('/') + "/files/", url, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TamperedAndExpiredLinksAreRefused()
    {
        var course = await CourseAsync();
        var first = (await CreatedAsync(await Http.UploadAsync(course.Student.AccessToken, "a.pdf", Uploads.Pdf("a"), "submission", course.AssignmentId)))["fileId"]!.GetValue<string>();
        var second = (await CreatedAsync(await Http.UploadAsync(course.Student.AccessToken, "b.pdf", Uploads.Pdf("b"), "submission", course.AssignmentId)))["fileId"]!.GetValue<string>();
        var url = await DownloadUrlAsync(course.Student, first);
        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(url)).StatusCode);

        var query = System.Web.HttpUtility.ParseQueryString(new Uri(url).Query);
        var expires = long.Parse(query["expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        var tampered = new[]
        {
            url.Replace(first, second, StringComparison.Ordinal),
            url.Replace($"expires={expires}", $"expires={expires + 86_400}", StringComparison.Ordinal),
            url.Replace("variant=content", "variant=thumbnail", StringComparison.Ordinal),
            url[..^4] + (url[^4..] == "AAAA" ? "BBBB" : "AAAA"),
            url[..url.IndexOf("&sig=", StringComparison.Ordinal)],
        };
        foreach (var link in tampered)
        {
            var problem = await (await anonymous.GetAsync(link)).ProblemAsync(HttpStatusCode.Forbidden);
            Assert.EndsWith("/link-invalid", problem.ProblemType());
        }

        // A link signed with the real key whose time is up: made here with the key from the data directory.
        var key = Convert.FromBase64String(File.ReadAllText(Path.Combine(fixture.App.DataDirectory, "keys", "file-links.key")).Trim());
        var past = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sig = Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{first}|content|{past}")));
        var expired = await (await anonymous.GetAsync(new Uri(fixture.App.BaseAddress, $"/files/{first}/content?variant=content&expires={past}&sig={sig}")))
            .ProblemAsync(HttpStatusCode.Gone);
        Assert.EndsWith("/link-expired", expired.ProblemType());
    }

    [Fact]
    public async Task PhotosAreServedUprightWithoutTheirGpsPositionAndWithAThumbnail()
    {
        var course = await CourseAsync();
        var photo = TestFiles.PhotoWithGps(wide: 800, high: 400);
        Assert.True(TestFiles.Contains(photo, TestFiles.GpsMarker));
        var uploaded = await CreatedAsync(await Http.UploadAsync(course.Student.AccessToken, "whiteboard.jpg", photo, "submission", course.AssignmentId));
        Assert.True(uploaded["hasThumbnail"]!.GetValue<bool>());
        var fileId = uploaded["fileId"]!.GetValue<string>();
        using var anonymous = new HttpClient();

        var served = await anonymous.GetByteArrayAsync(await DownloadUrlAsync(course.Student, fileId));
        Assert.False(TestFiles.Contains(served, TestFiles.GpsMarker));
        Assert.False(TestFiles.Contains(served, "Exif\0\0"));
        Assert.Equal(uploaded["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(served)));
        using (var image = SKBitmap.Decode(served))
        {
            // Orientation 6: the 800 × 400 landscape sensor image is a 400 × 800 portrait photo.
            Assert.Equal((400, 800), (image.Width, image.Height));
        }

        var thumbnail = await anonymous.GetByteArrayAsync(await DownloadUrlAsync(course.Student, fileId, "thumbnail"));
        Assert.False(TestFiles.Contains(thumbnail, TestFiles.GpsMarker));
        using (var image = SKBitmap.Decode(thumbnail))
        {
            Assert.Equal((160, 320), (image.Width, image.Height));
        }
        // The preview the pages show comes through the API itself, for readers of the file only.
        using (var preview = await Http.SendAsync(HttpMethod.Get, $"/api/files/{fileId}/thumbnail", course.Instructor.AccessToken))
        {
            await preview.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("image/jpeg", preview.Content.Headers.ContentType?.MediaType);
            Assert.Equal(thumbnail, await preview.Content.ReadAsByteArrayAsync());
        }
        var outsider = await _api.StudentAsync("Outsider");
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(outsider, HttpMethod.Get, $"/api/files/{fileId}/thumbnail"));
        // A PDF has no thumbnail.
        var pdf = (await CreatedAsync(await Http.UploadAsync(course.Student.AccessToken, "a.pdf", Uploads.Pdf(), "submission", course.AssignmentId)))["fileId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(course.Student, HttpMethod.Get, $"/api/files/{pdf}/download-url?variant=thumbnail"));
    }

    [Fact]
    public async Task InstructorsShareResourcesWithMembersOnly()
    {
        var course = await CourseAsync();
        var outsider = await _api.StudentAsync("Outsider");
        var slides = Uploads.Pdf("week 1 slides");
        await (await Http.UploadAsync(course.Student.AccessToken, "slides.pdf", slides, "resource", bootcampId: course.BootcampId)).ProblemAsync(HttpStatusCode.Forbidden);
        var fileId = (await CreatedAsync(await Http.UploadAsync(course.Instructor.AccessToken, "slides.pdf", slides, "resource", bootcampId: course.BootcampId)))["fileId"]!.GetValue<string>();

        var resources = await _api.GetJsonAsync(course.Student, $"/api/bootcamps/{course.BootcampId}/resources");
        Assert.Equal(1, resources["total"]!.GetValue<int>());
        Assert.Equal(fileId, resources["items"]![0]!["fileId"]!.GetValue<string>());
        using var anonymous = new HttpClient();
        Assert.Equal(slides, await anonymous.GetByteArrayAsync(await DownloadUrlAsync(course.Student, fileId)));

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(outsider, HttpMethod.Get, $"/api/bootcamps/{course.BootcampId}/resources"));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(outsider, HttpMethod.Get, $"/api/files/{fileId}/download-url"));
        // A member may read a resource but not delete it.
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(course.Student, HttpMethod.Delete, $"/api/files/{fileId}"));
    }

    [Fact]
    public async Task AnImageBombIsRefusedFromItsHeaderInUnderASecondAndTenAtOnceDoNotPileUp()
    {
        var course = await CourseAsync();
        var before = StoredObjectCount();
        // ~100 KB declaring 6000×6000 (36 MP): under the general 40 MP budget, over an avatar's 4096 px and 16 MP.
        var bomb = Uploads.PngBomb(6000, 6000);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var problem = await (await Http.UploadAsync(course.Student.AccessToken, "me.png", bomb, "avatar")).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"The bomb took {clock.Elapsed} to refuse.");
        Assert.EndsWith("/image-too-large", problem.ProblemType());
        Assert.Contains("6000×6000", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        // Within the pixel count but wider than an avatar may be.
        await (await Http.UploadAsync(course.Student.AccessToken, "wide.png", Uploads.PngBomb(5000, 100), "avatar")).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        clock.Restart();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Http.UploadAsync(course.Student.AccessToken, "me.png", bomb, "avatar")));
        Assert.All(attempts, attempt => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, attempt.StatusCode));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Ten bombs took {clock.Elapsed} to refuse.");
        Assert.Equal(0, await MyFileCountAsync(course.Student));
        Assert.Equal(before, StoredObjectCount());
    }

    [Fact]
    public async Task ALargeAvatarIsKeptAtAThousandPixelsAndItsPreviewStillComes()
    {
        var user = await _api.StudentAsync("Big Photo");
        var fileId = (await CreatedAsync(await Http.UploadAsync(user.AccessToken, "me.png", TestFiles.Png(2400, 1200), "avatar")))["fileId"]!.GetValue<string>();
        using var anonymous = new HttpClient();
        using (var kept = SKBitmap.Decode(await anonymous.GetByteArrayAsync(await DownloadUrlAsync(user, fileId))))
        {
            Assert.Equal((1024, 512), (kept.Width, kept.Height));
        }
        using var preview = SKBitmap.Decode(await anonymous.GetByteArrayAsync(await DownloadUrlAsync(user, fileId, "thumbnail")));
        Assert.Equal(320, preview.Width);
    }

    [Fact]
    public async Task AFileThatIsTextOnlyInItsFirst8KbIsRefused()
    {
        var course = await CourseAsync();
        var before = StoredObjectCount();
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("print('hello')\n", 2000)));
        byte[] disguised = [.. text, .. Uploads.Executable()];
        var problem = await (await Http.UploadAsync(course.Student.AccessToken, "main.py", disguised, "submission", course.AssignmentId))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.EndsWith("/unsupported-file-type", problem.ProblemType());
        // Nor may a character be cut off at the very end, beyond the sample.
        await (await Http.UploadAsync(course.Student.AccessToken, "main.py", [.. text, 0xE2, 0x82], "submission", course.AssignmentId))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await MyFileCountAsync(course.Student));
        Assert.Equal(before, StoredObjectCount());
        await CreatedAsync(await Http.UploadAsync(course.Student.AccessToken, "main.py", [.. text, .. "# café ✓\n"u8.ToArray()], "submission", course.AssignmentId));
    }

    [Fact]
    public async Task AUsersAvatarIsAnImageAndANewOneReplacesTheOld()
    {
        var user = await _api.StudentAsync("Avatar Owner");
        var other = await _api.StudentAsync("Viewer");
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(other, HttpMethod.Get, $"/api/users/{user.UserId}/avatar"));
        await (await Http.UploadAsync(user.AccessToken, "me.pdf", Uploads.Pdf(), "avatar")).ProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var first = (await CreatedAsync(await Http.UploadAsync(user.AccessToken, "me.png", TestFiles.Png(600, 600), "avatar")))["fileId"]!.GetValue<string>();
        var link = (await _api.GetJsonAsync(other, $"/api/users/{user.UserId}/avatar"))["url"]!.GetValue<string>();
        using var anonymous = new HttpClient();
        using (var image = SKBitmap.Decode(await anonymous.GetByteArrayAsync(link)))
        {
            Assert.Equal(320, image.Width);
        }
        using (var image = await Http.SendAsync(HttpMethod.Get, $"/api/users/{user.UserId}/avatar/image", other.AccessToken))
        {
            await image.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        }
        var second = (await CreatedAsync(await Http.UploadAsync(user.AccessToken, "me2.png", TestFiles.Png(100, 100), "avatar")))["fileId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(user, HttpMethod.Get, $"/api/files/{first}"));
        var mine = await _api.GetJsonAsync(user, "/api/me/files");
        Assert.Equal(second, Assert.Single(mine["items"]!.AsArray())!["fileId"]!.GetValue<string>());
    }

    [Fact]
    public async Task MyFilesArePagedNewestFirstAndUnsubmittedOnesCanBeDeleted()
    {
        var course = await CourseAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreatedAsync(await Http.UploadAsync(course.Student.AccessToken, $"draft{i}.py", Encoding.UTF8.GetBytes($"print({i})\n"), "submission", course.AssignmentId)))["fileId"]!.GetValue<string>());
        }
        var page = await _api.GetJsonAsync(course.Student, "/api/me/files?page=1&pageSize=2");
        Assert.Equal(3, page["total"]!.GetValue<int>());
        Assert.Equal([ids[2], ids[1]], page["items"]!.AsArray().Select(item => item!["fileId"]!.GetValue<string>()));
        Assert.Equal("text/plain; charset=utf-8", page["items"]![0]!["contentType"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(course.Student, HttpMethod.Delete, $"/api/files/{ids[0]}"));
        Assert.Equal(2, await MyFileCountAsync(course.Student));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(course.Student, HttpMethod.Get, "/api/me/files?pageSize=101"));
    }

    [Fact]
    public async Task MalformedUploadsAreProblemsNotErrors()
    {
        var course = await CourseAsync();
        using (var json = await Http.SendAsync(HttpMethod.Post, "/api/files", course.Student.AccessToken, new { purpose = "submission" }))
        {
            await json.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        }
        await (await Http.UploadAsync(course.Student.AccessToken, "a.pdf", Uploads.Pdf(), "homework")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Http.UploadAsync(course.Student.AccessToken, "a.pdf", Uploads.Pdf(), "submission")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await Http.UploadAsync(course.Student.AccessToken, "a.pdf", Uploads.Pdf(), "submission", "no-such-assignment")).ProblemAsync(HttpStatusCode.NotFound);
        await (await Http.UploadAsync(course.Student.AccessToken, "a.pdf", [], "submission", course.AssignmentId)).ProblemAsync(HttpStatusCode.BadRequest);
        // A student of another bootcamp cannot upload work for this assignment.
        var stranger = await _api.StudentAsync();
        await (await Http.UploadAsync(stranger.AccessToken, "a.pdf", Uploads.Pdf(), "submission", course.AssignmentId)).ProblemAsync(HttpStatusCode.Forbidden);
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using var form = new MultipartFormDataContent { { new StringContent("avatar"), "purpose" }, { new ByteArrayContent(TestFiles.Png(4, 4)), "file", "a.png" } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/files", form)).StatusCode);
    }
}
