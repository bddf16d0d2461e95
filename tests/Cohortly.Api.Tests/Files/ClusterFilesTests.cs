using System.Net;
using System.Security.Cryptography;
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
    private readonly TempDirectory _data = new("cohortly-cluster-files");
    private TestPostgres _database = null!;
    private S3Server _s3 = null!;
    private CohortlyProcess _silo = null!;
    private CohortlyApp _one = null!;
    private CohortlyApp _two = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _s3 = await S3Server.StartAsync();
        var cluster = new Dictionary<string, string>(_s3.Environment("cluster-files"))
        {
            ["Cohortly__Mode"] = "Cluster",
            // Three processes of this class share the machine's PostgreSQL with every other cluster test running in
            // parallel; small pools keep them under its connection limit (they wait for a connection, never fail).
            ["ConnectionStrings__Cohortly"] = new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString) { MaxPoolSize = 5 }.ToString(),
            ["Cohortly__Orleans__ClusterId"] = "files-" + Guid.NewGuid().ToString("N")[..8],
            ["Cohortly__Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
        };
        _silo = CohortlyProcess.Start("Cohortly.Silo", new Dictionary<string, string>(cluster)
        {
            ["Cohortly__Orleans__SiloPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cohortly__Orleans__GatewayPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await ClusterMembership.WaitForActiveSilosAsync(_database.ConnectionString, cluster["Cohortly__Orleans__ClusterId"], 1, [_silo]);
        _one = await CohortlyApp.StartAsync(Path.Combine(_data.Path, "one"), cluster);
        _two = await CohortlyApp.StartAsync(Path.Combine(_data.Path, "two"), cluster);
    }

    public async Task DisposeAsync()
    {
        await _one.DisposeAsync();
        await _two.DisposeAsync();
        await _silo.DisposeAsync();
        await _s3.DisposeAsync();
        await _database.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task AFileUploadedThroughOneFrontEndIsSubmittedAndOpenedThroughTheOther()
    {
        var (one, two) = (_one.Http, _two.Http);
        var admin = await one.RegisterAsync(ApiClient.UniqueEmail("admin"));
        var instructorEmail = ApiClient.UniqueEmail("teacher");
        var instructor = await one.RegisterAsync(instructorEmail);
        using (var promote = await one.SendAsync(HttpMethod.Put, $"/api/users/{instructor.UserId}/roles", admin.AccessToken, new { roles = new[] { "instructor" } }))
        {
            await promote.ExpectAsync(HttpStatusCode.OK);
        }
        instructor = await one.LoginAsync(instructorEmail);
        var bootcampId = await CreateAsync(one, instructor, "/api/bootcamps", "bootcampId", BootcampClient.BootcampBody());
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

        Assert.False(Directory.Exists(Path.Combine(_one.DataDirectory, "files")));
        Assert.False(Directory.Exists(Path.Combine(_two.DataDirectory, "files")));
    }

    private static async Task<string> CreateAsync(HttpClient http, Tokens caller, string path, string idField, object body)
    {
        using var response = await http.SendAsync(HttpMethod.Post, path, caller.AccessToken, body);
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())![idField]!.GetValue<string>();
    }
}
