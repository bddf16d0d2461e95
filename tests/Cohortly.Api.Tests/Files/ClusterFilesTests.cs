using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Files;

/// <summary>
/// Cluster mode: a silo and two front ends on PostgreSQL, files in S3 (npm s3rver). A file uploaded through one
/// front end is submitted and downloaded through the other, and neither keeps files on its own disk.
/// </summary>
public sealed class ClusterFilesTests : IAsyncLifetime
{
    private S3Server _s3 = null!;
    private TwoFrontendCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _s3 = await S3Server.StartAsync();
        _cluster = await TwoFrontendCluster.StartAsync("cluster-files", _s3.Environment("cluster-files"));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _s3.DisposeAsync();
    }

    [Fact]
    public async Task AFileUploadedThroughOneFrontEndIsSubmittedAndOpenedThroughTheOther()
    {
        var (one, two) = (_cluster.One.Http, _cluster.Two.Http);
        var admin = await one.RegisterAsync(ApiClient.UniqueEmail("admin"));
        var instructorEmail = ApiClient.UniqueEmail("teacher");
        var instructor = await one.RegisterAsync(instructorEmail);
        using (var promote = await one.SendAsync(HttpMethod.Put, $"/api/users/{instructor.UserId}/roles", admin.AccessToken, new { roles = new[] { "instructor" } }))
        {
            await promote.ExpectAsync(HttpStatusCode.OK);
        }
        instructor = await one.LoginAsync(instructorEmail);
        var bootcampId = await CreateAsync(one, instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody());
        var assignmentId = await CreateAsync(one, instructor, $"/api/bootcamps/{bootcampId}/assignments", "assignmentId", BootcampClient.AssignmentBody());
        var student = await one.RegisterAsync(ApiClient.UniqueEmail("student"));
        using (var enroll = await one.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken))
        {
            await enroll.ExpectAsync(HttpStatusCode.Created);
        }

        var work = TestFiles.Zip(("src/app.py", "print('hello')\n"));
        using var uploaded = await one.UploadAsync(student.AccessToken, "project.zip", work, "submission", assignmentId);
        await uploaded.ExpectAsync(HttpStatusCode.Created);
        var fileId = JsonNode.Parse(await uploaded.Content.ReadAsStringAsync())!["fileId"]!.GetValue<string>();

        using (var submit = await two.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", student.AccessToken, new { fileIds = new[] { fileId } }))
        {
            await submit.ExpectAsync(HttpStatusCode.Created);
        }
        using var link = await two.SendAsync(HttpMethod.Get, $"/api/files/{fileId}/download-url", instructor.AccessToken);
        await link.ExpectAsync(HttpStatusCode.OK);
        var url = JsonNode.Parse(await link.Content.ReadAsStringAsync())!["url"]!.GetValue<string>();
        Assert.StartsWith(_s3.ServiceUrl, url, StringComparison.Ordinal);
        using var anonymous = new HttpClient();
        Assert.Equal(work, await anonymous.GetByteArrayAsync(url));

        Assert.False(Directory.Exists(Path.Combine(_cluster.One.DataDirectory, "files")));
        Assert.False(Directory.Exists(Path.Combine(_cluster.Two.DataDirectory, "files")));
    }

    private static async Task<string> CreateAsync(HttpClient http, Tokens caller, string path, string idField, object body)
    {
        using var response = await http.SendAsync(HttpMethod.Post, path, caller.AccessToken, body);
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())![idField]!.GetValue<string>();
    }
}
