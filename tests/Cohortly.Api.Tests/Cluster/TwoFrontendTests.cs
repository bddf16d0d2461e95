using System.Net;
using System.Security.Cryptography;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Cluster;

/// <summary>
/// Two front ends on one cluster with no backplane: a user connected to one hears of what was done through the
/// other, because each front end listens to the Orleans streams of its own connections.
/// </summary>
public sealed class TwoFrontendTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cohortly-two-frontends");
    private TestPostgres _database = null!;
    private CohortlyProcess _silo = null!;
    private CohortlyApp _frontendOne = null!;
    private CohortlyApp _frontendTwo = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        var cluster = new Dictionary<string, string>
        {
            ["Cohortly__Mode"] = "Cluster",
            ["ConnectionStrings__Cohortly"] = _database.ConnectionString,
            ["Cohortly__Orleans__ClusterId"] = "two-" + Guid.NewGuid().ToString("N")[..8],
            ["Cohortly__Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
        };
        _silo = CohortlyProcess.Start("Cohortly.Silo", new Dictionary<string, string>(cluster)
        {
            ["Cohortly__Orleans__SiloPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cohortly__Orleans__GatewayPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await ClusterMembership.WaitForActiveSilosAsync(_database.ConnectionString, cluster["Cohortly__Orleans__ClusterId"], 1, [_silo]);
        _frontendOne = await CohortlyApp.StartAsync(Path.Combine(_data.Path, "one"), cluster);
        _frontendTwo = await CohortlyApp.StartAsync(Path.Combine(_data.Path, "two"), cluster);
    }

    public async Task DisposeAsync()
    {
        await _frontendOne.DisposeAsync();
        await _frontendTwo.DisposeAsync();
        await _silo.DisposeAsync();
        await _database.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task AStudentOnFrontendOneIsToldOfAGradeGivenThroughFrontendTwo()
    {
        var one = _frontendOne.Http;
        var two = _frontendTwo.Http;
        var admin = await one.RegisterAsync(ApiClient.UniqueEmail("admin"));
        var instructorEmail = ApiClient.UniqueEmail("teacher");
        var instructor = await one.RegisterAsync(instructorEmail);
        using (var promote = await one.SendAsync(HttpMethod.Put, $"/api/users/{instructor.UserId}/roles", admin.AccessToken, new { roles = new[] { "instructor" } }))
        {
            await promote.ExpectAsync(HttpStatusCode.OK);
        }
        var student = await one.RegisterAsync(ApiClient.UniqueEmail("student"));
        await using var studentLive = await LiveClient.ConnectAsync(_frontendOne.BaseAddress, student.AccessToken);

        // Everything else happens through the second front end, with tokens it accepts because the key is shared.
        var instructorOnTwo = await two.LoginAsync(instructorEmail);
        using var created = await two.SendAsync(HttpMethod.Post, "/api/bootcamps", instructorOnTwo.AccessToken, Bootcamps.BootcampClient.BootcampBody());
        await created.ExpectAsync(HttpStatusCode.Created);
        var bootcampId = System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
        using (var enroll = await two.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken))
        {
            await enroll.ExpectAsync(HttpStatusCode.Created);
        }
        await studentLive.WaitForNotificationAsync("enrollment.confirmed", bootcampId);
        using var assignment = await two.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments", instructorOnTwo.AccessToken, Bootcamps.BootcampClient.AssignmentBody());
        await assignment.ExpectAsync(HttpStatusCode.Created);
        var assignmentId = System.Text.Json.Nodes.JsonNode.Parse(await assignment.Content.ReadAsStringAsync())!["assignmentId"]!.ToString();
        await studentLive.WaitForNotificationAsync("assignment.created", bootcampId);
        using (var submit = await two.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", student.AccessToken, new { text = "mine" }))
        {
            await submit.ExpectAsync(HttpStatusCode.Created);
        }
        using (var grade = await two.SendAsync(HttpMethod.Put, $"/api/assignments/{assignmentId}/submissions/{student.UserId}/grade", instructorOnTwo.AccessToken, new { score = 88 }))
        {
            await grade.ExpectAsync(HttpStatusCode.OK);
        }

        var graded = await studentLive.WaitForNotificationAsync("grade.published", bootcampId);
        Assert.Equal("88", graded["data"]!["score"]!.ToString());
    }
}
