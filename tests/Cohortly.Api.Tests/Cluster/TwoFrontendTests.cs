using System.Net;
using Cohortly.Testing;

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
}
