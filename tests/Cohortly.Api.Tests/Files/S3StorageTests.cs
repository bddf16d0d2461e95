using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Files;

/// <summary>The S3 adapter against a real S3-compatible server: uploads (multipart for large files), presigned links, deletes, scanning, memory.</summary>
[Collection(S3AppCollection.Name)]
public sealed class S3StorageTests(S3AppFixture fixture)
{
    private HttpClient Http => fixture.App.Http;

    private async Task<(Tokens Instructor, string BootcampId)> InstructorWithBootcampAsync()
    {
        var instructor = await Http.RegisterAsync(ApiClient.UniqueEmail("instructor"), displayName: "Ines Instructor");
        using (var roles = await Http.SendAsync(HttpMethod.Put, $"/api/users/{instructor.UserId}/roles", fixture.Admin.AccessToken, new { roles = new[] { "instructor" } }))
        {
            await roles.ExpectAsync(HttpStatusCode.OK);
        }
        instructor = await Http.LoginAsync((await Http.GetMeAsync(instructor.AccessToken)).Email);
        using var created = await Http.SendAsync(HttpMethod.Post, "/api/bootcamps", instructor.AccessToken, ApiClient.BootcampBody());
        await created.ExpectAsync(HttpStatusCode.Created);
        return (instructor, JsonNode.Parse(await created.Content.ReadAsStringAsync())!["bootcampId"]!.GetValue<string>());
    }

    private static async Task<JsonObject> CreatedAsync(HttpResponseMessage response)
    {
        using (response)
        {
            await response.ExpectAsync(HttpStatusCode.Created);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        }
    }

    private async Task<string> DownloadUrlAsync(Tokens caller, string fileId)
    {
        using var response = await Http.SendAsync(HttpMethod.Get, $"/api/files/{fileId}/download-url", caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["url"]!.GetValue<string>();
    }

    [Fact]
    public async Task AFileGoesToTheBucketDownloadsThroughAPresignedLinkAndIsDeleted()
    {
        var (instructor, bootcampId) = await InstructorWithBootcampAsync();
        var pdf = Uploads.Pdf("syllabus");
        var fileId = (await CreatedAsync(await Http.UploadAsync(instructor.AccessToken, "syllabus.pdf", pdf, "resource", bootcampId: bootcampId)))["fileId"]!.GetValue<string>();
        var key = $"files/{fileId}/content";
        Assert.Contains(key, await fixture.KeysAsync());
        // The clamd stand-in received exactly the file's bytes through INSTREAM.
        Assert.True(pdf.AsSpan().SequenceEqual(fixture.Clamd.LastStream), $"clamd got {fixture.Clamd.LastStream.Length} bytes: {Encoding.ASCII.GetString(fixture.Clamd.LastStream)}");

        var url = await DownloadUrlAsync(instructor, fileId);
        Assert.StartsWith(fixture.S3.ServiceUrl + "/" + S3AppFixture.Bucket + "/", url, StringComparison.Ordinal);
        Assert.Contains("X-Amz-Signature=", url, StringComparison.Ordinal);
        using var anonymous = new HttpClient();
        using (var download = await anonymous.GetAsync(url))
        {
            await download.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        }
        // Bending a presigned link to another key is S3's to refuse; s3rver 3.7.1 checks a V4 link's expiry but not its
        // signature ("Signature version 4 calculation is unimplemented"), so that refusal is not observable here.
        // Tampered links are tested against the local-disk store's own signatures (FilesApiTests).

        using (var delete = await Http.SendAsync(HttpMethod.Delete, $"/api/files/{fileId}", instructor.AccessToken))
        {
            await delete.ExpectAsync(HttpStatusCode.NoContent);
        }
        Assert.DoesNotContain(key, await fixture.KeysAsync());
        var resources = JsonNode.Parse(await (await Http.SendAsync(HttpMethod.Get, $"/api/bootcamps/{bootcampId}/resources", instructor.AccessToken)).Content.ReadAsStringAsync())!;
        Assert.Equal(0, resources["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A50MegabyteFileGoesUpInPartsAndReadsBackByteForByte()
    {
        var (instructor, bootcampId) = await InstructorWithBootcampAsync();
        const long size = 50L * 1024 * 1024;
        var expected = GeneratedFileStream.Sha256Of(size);
        var uploaded = await CreatedAsync(await Http.UploadAsync(instructor.AccessToken, "dataset.pdf",
            new StreamContent(new GeneratedFileStream(size)), "resource", bootcampId: bootcampId));
        Assert.Equal(size, uploaded["sizeBytes"]!.GetValue<long>());
        Assert.Equal(expected, uploaded["sha256"]!.GetValue<string>());
        var fileId = uploaded["fileId"]!.GetValue<string>();

        var metadata = await fixture.Direct.GetObjectMetadataAsync(S3AppFixture.Bucket, $"files/{fileId}/content");
        Assert.Equal(size, metadata.ContentLength);

        using var anonymous = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        await using var download = await anonymous.GetStreamAsync(await DownloadUrlAsync(instructor, fileId));
        Assert.Equal(expected, Convert.ToHexStringLower(await SHA256.HashDataAsync(download)));
    }

    [Fact]
    public async Task AnUploadTheScannerFlagsIsRefusedAndNothingIsStored()
    {
        var (instructor, bootcampId) = await InstructorWithBootcampAsync();
        var before = await fixture.KeysAsync();
        var scans = fixture.Clamd.Scans;
        using var response = await Http.UploadAsync(instructor.AccessToken, "notes.txt", Encoding.ASCII.GetBytes("notes\n" + FakeClamd.Eicar + "\n"),
            "resource", bootcampId: bootcampId);
        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.EndsWith("/file-infected", problem.ProblemType());
        Assert.Contains("Eicar-Test-Signature", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(scans + 1, fixture.Clamd.Scans);
        Assert.Equal(before, await fixture.KeysAsync());
    }

    [Fact]
    public async Task OversizeAndDisguisedUploadsLeaveTheBucketUntouched()
    {
        var (instructor, bootcampId) = await InstructorWithBootcampAsync();
        var before = await fixture.KeysAsync();
        await (await Http.UploadAsync(instructor.AccessToken, "tool.pdf", Uploads.Executable(), "resource", bootcampId: bootcampId)).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var student = await Http.RegisterAsync(ApiClient.UniqueEmail("student"), displayName: "Sam Student");
        using (var enroll = await Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken))
        {
            await enroll.ExpectAsync(HttpStatusCode.Created);
        }
        using var assignment = await Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments", instructor.AccessToken, new
        {
            title = "Dataset",
            dueAt = DateTimeOffset.UtcNow.AddDays(3),
            maxScore = 10,
            allowedExtensions = new[] { ".pdf" },
            maxFileBytes = 10_000_000,
        });
        await assignment.ExpectAsync(HttpStatusCode.Created);
        var assignmentId = JsonNode.Parse(await assignment.Content.ReadAsStringAsync())!["assignmentId"]!.GetValue<string>();
        // Past the first 8 MB part, so a multipart upload was under way when the limit was hit: it is aborted.
        await (await Http.UploadAsync(student.AccessToken, "huge.pdf", new StreamContent(new GeneratedFileStream(20L * 1024 * 1024)), "submission", assignmentId))
            .ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await fixture.KeysAsync());
    }

    [Fact]
    public async Task UploadingTwoHundredMegabytesDoesNotGrowTheServerByMoreThan50Megabytes()
    {
        var (instructor, bootcampId) = await InstructorWithBootcampAsync();
        // A first upload warms the pools, the JIT and the S3 client, so the measurement is of the upload itself.
        await CreatedAsync(await Http.UploadAsync(instructor.AccessToken, "warm-up.pdf", new StreamContent(new GeneratedFileStream(20L * 1024 * 1024, seed: 1)), "resource", bootcampId: bootcampId));
        // Start-up work (email reminders, outbox shards) and the warm-up's own garbage settle first, so what is
        // measured is the upload's memory and not whatever the server was doing anyway.
        await WaitUntilQuietAsync(fixture.App.ProcessId);
        var baseline = ResidentBytes(fixture.App.ProcessId);
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, ResidentBytes(fixture.App.ProcessId));
                await Task.Delay(50, CancellationToken.None);
            }
        });
        const long size = 200L * 1024 * 1024;
        var uploaded = await CreatedAsync(await Http.UploadAsync(instructor.AccessToken, "lecture.pdf", new StreamContent(new GeneratedFileStream(size)), "resource", bootcampId: bootcampId));
        await sampling.CancelAsync();
        await sampler;
        peak = Math.Max(peak, ResidentBytes(fixture.App.ProcessId));
        Assert.Equal(size, uploaded["sizeBytes"]!.GetValue<long>());
        Assert.Equal(GeneratedFileStream.Sha256Of(size), uploaded["sha256"]!.GetValue<string>());
        var growthMb = (peak - baseline) / (1024.0 * 1024);
        Assert.True(growthMb <= 50, $"The server's resident set grew by {growthMb:0.0} MB during a 200 MB upload (from {baseline / (1024 * 1024)} MB).");
    }

    /// <summary>Until the process used under 15% of a core for a second (CPU ticks are 1/100 s; an idle app uses ~6%, mostly polling its event queues), or 20 s passed.</summary>
    private static async Task WaitUntilQuietAsync(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var last = CpuTicks(pid);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = CpuTicks(pid);
            if (now - last <= 15)
            {
                return;
            }
            last = now;
        }
    }

    /// <summary>utime + stime from /proc/[pid]/stat; the fields after the command name, which may hold spaces.</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>VmRSS from /proc: what the process holds in memory right now.</summary>
    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
