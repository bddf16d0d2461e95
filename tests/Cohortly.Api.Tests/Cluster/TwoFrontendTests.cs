using System.Net;
using Cohortly.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cohortly.Api.Tests.Cluster;

/// <summary>
/// Two front ends on one cluster with no backplane: a user connected to one hears of what was done through the
/// other, because each front end listens to the Orleans streams of its own connections.
/// </summary>
public sealed class TwoFrontendTests : IAsyncLifetime
{
    private TwoFrontendCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TwoFrontendCluster.StartAsync("two-frontends");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task AStudentOnFrontendOneIsToldOfAGradeGivenThroughFrontendTwo()
    {
        var one = _cluster.One.Http;
        var two = _cluster.Two.Http;
        var admin = await one.RegisterAsync(ApiClient.UniqueEmail("admin"));
        var instructorEmail = ApiClient.UniqueEmail("teacher");
        var instructor = await one.RegisterAsync(instructorEmail);
        using (var promote = await one.SendAsync(HttpMethod.Put, $"/api/users/{instructor.UserId}/roles", admin.AccessToken, new { roles = new[] { "instructor" } }))
        {
            await promote.ExpectAsync(HttpStatusCode.OK);
        }
        var student = await one.RegisterAsync(ApiClient.UniqueEmail("student"));
        await using var studentLive = await LiveClient.ConnectAsync(_cluster.One.BaseAddress, student.AccessToken);

        // Everything else happens through the second front end, with tokens it accepts because the key is shared.
        var instructorOnTwo = await two.LoginAsync(instructorEmail);
        using var created = await two.SendAsync(HttpMethod.Post, "/api/bootcamps", instructorOnTwo.AccessToken, ApiClient.BootcampBody());
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

    [Fact]
    public async Task LoggingOutThroughOneFrontEndClosesThatSessionsConnectionsOnBothAtOnce()
    {
        var email = ApiClient.UniqueEmail("roamer");
        var session = await _cluster.One.Http.RegisterAsync(email);
        var otherSession = await _cluster.Two.Http.LoginAsync(email);
        await using var onOne = await LiveClient.ConnectAsync(_cluster.One.BaseAddress, session.AccessToken);
        await using var onTwo = await LiveClient.ConnectAsync(_cluster.Two.BaseAddress, session.AccessToken);
        await using var otherOnTwo = await LiveClient.ConnectAsync(_cluster.Two.BaseAddress, otherSession.AccessToken);

        using (var logout = await _cluster.Two.Http.SendAsync(HttpMethod.Post, "/api/auth/logout", session.AccessToken))
        {
            await logout.ExpectAsync(HttpStatusCode.NoContent);
        }

        foreach (var (live, where) in new[] { (onOne, "front end one"), (onTwo, "front end two") })
        {
            await Eventually.Until(() => Task.FromResult(live.Connection.State), state => state == HubConnectionState.Disconnected,
                TimeSpan.FromSeconds(10), $"the logged-out session's connection on {where} to close");
        }
        await otherOnTwo.Connection.InvokeAsync<DateTimeOffset>("Ping");
    }

    /// <summary>
    /// Lists answered by reader grains return generic pages (<c>PageSlice&lt;T&gt;</c>) that only cross a real
    /// serialization boundary when the front end is a cluster client: each one is read here through such a front end.
    /// </summary>
    [Fact]
    public async Task ListsAnsweredByGrainsReadBackThroughAFrontEndThatIsAClusterClient()
    {
        var http = _cluster.One.Http;
        var admin = await http.RegisterAsync(ApiClient.UniqueEmail("admin"));
        var instructorEmail = ApiClient.UniqueEmail("teacher");
        var instructor = await http.RegisterAsync(instructorEmail);
        using (var promote = await http.SendAsync(HttpMethod.Put, $"/api/users/{instructor.UserId}/roles", admin.AccessToken, new { roles = new[] { "instructor" } }))
        {
            await promote.ExpectAsync(HttpStatusCode.OK);
        }
        var student = await http.RegisterAsync(ApiClient.UniqueEmail("student"));
        var instructorToken = (await http.LoginAsync(instructorEmail)).AccessToken;
        var bootcampId = await CreatedIdAsync(http, "/api/bootcamps", instructorToken, ApiClient.BootcampBody(), "bootcampId");
        using (var enroll = await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken))
        {
            await enroll.ExpectAsync(HttpStatusCode.Created);
        }
        var assignmentId = await CreatedIdAsync(http, $"/api/bootcamps/{bootcampId}/assignments", instructorToken, Bootcamps.BootcampClient.AssignmentBody(), "assignmentId");
        using (var submit = await http.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", student.AccessToken, new { text = "mine" }))
        {
            await submit.ExpectAsync(HttpStatusCode.Created);
        }

        var roster = await GetAsync(http, $"/api/bootcamps/{bootcampId}/enrollments", instructorToken);
        Assert.Equal(student.UserId, roster["items"]![0]!["userId"]!.ToString());
        var assignments = await GetAsync(http, $"/api/bootcamps/{bootcampId}/assignments", student.AccessToken);
        Assert.Equal((assignmentId, "submitted"), (assignments["items"]![0]!["assignmentId"]!.ToString(), assignments["items"]![0]!["myStatus"]!.ToString()));
        var gradebook = await GetAsync(http, $"/api/bootcamps/{bootcampId}/gradebook", instructorToken);
        Assert.Equal("submitted", gradebook["rows"]![0]!["cells"]![0]!["status"]!.ToString());
        var studentHome = await GetAsync(http, "/api/me/home", student.AccessToken);
        Assert.All(studentHome["cards"]!.AsArray(), card => Assert.Null(card!["error"]));
        var instructorHome = await GetAsync(http, "/api/me/home", instructorToken);
        Assert.All(instructorHome["cards"]!.AsArray(), card => Assert.Null(card!["error"]));
        var adminHome = await GetAsync(http, "/api/me/home", admin.AccessToken);
        Assert.All(adminHome["cards"]!.AsArray(), card => Assert.Null(card!["error"]));
        var latest = await GetAsync(http, $"/api/assignments/{assignmentId}/submissions", instructorToken);
        Assert.Equal(student.UserId, latest["items"]![0]!["studentId"]!.ToString());
        var ownVersions = await GetAsync(http, $"/api/assignments/{assignmentId}/submissions", student.AccessToken);
        Assert.Equal("mine", ownVersions["items"]![0]!["text"]!.ToString());
        var mine = await GetAsync(http, "/api/me/bootcamps", student.AccessToken);
        Assert.Equal(1, mine["items"]![0]!["progress"]!["completedAssignments"]!.GetValue<int>());
        var progress = await GetAsync(http, $"/api/bootcamps/{bootcampId}/progress/{student.UserId}", instructorToken);
        Assert.Equal(1, progress["totalAssignments"]!.GetValue<int>());
        var files = await GetAsync(http, "/api/me/files", student.AccessToken);
        Assert.Equal(0, files["total"]!.GetValue<int>());
        var catalog = await GetAsync(http, "/api/bootcamps", student.AccessToken);
        Assert.Contains(catalog["items"]!.AsArray(), row => row!["bootcampId"]!.ToString() == bootcampId);
        var outbox = await GetAsync(http, "/api/admin/email/outbox", admin.AccessToken);
        Assert.True(outbox["total"]!.GetValue<int>() >= 1, "The welcome emails are in the outbox.");
    }

    private static async Task<string> CreatedIdAsync(HttpClient http, string path, string token, object body, string idField)
    {
        using var created = await http.SendAsync(HttpMethod.Post, path, token, body);
        await created.ExpectAsync(HttpStatusCode.Created);
        return System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())![idField]!.ToString();
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> GetAsync(HttpClient http, string path, string token)
    {
        using var response = await http.SendAsync(HttpMethod.Get, path, token);
        await response.ExpectAsync(HttpStatusCode.OK);
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
