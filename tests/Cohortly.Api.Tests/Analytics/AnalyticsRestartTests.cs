using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Analytics;

/// <summary>Needs a process of its own: the projection's figures after a restart.</summary>
public sealed class AnalyticsRestartTests
{
    [Fact]
    public async Task TheDashboardShowsTheSameFiguresAfterARestart()
    {
        using var data = new TempDirectory("cohortly-analytics-restart");
        await using var app = await CohortlyApp.StartAsync(data.Path);
        var admin = await app.Http.RegisterAsync(ApiClient.UniqueEmail("admin"));
        var student = await app.Http.RegisterAsync(ApiClient.UniqueEmail("student"), displayName: "Rita Restart");
        var bootcampId = await IdAsync(app, admin, "/api/bootcamps", ApiClient.BootcampBody(), "bootcampId");
        await ExpectAsync(app, admin, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/staff", new { userId = admin.UserId, role = "instructor" }, HttpStatusCode.NoContent);
        await ExpectAsync(app, student, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", null, HttpStatusCode.Created);
        var overdue = await IdAsync(app, admin, $"/api/bootcamps/{bootcampId}/assignments", new
        {
            title = "Overdue", description = "", dueAt = DateTimeOffset.UtcNow.AddDays(-1), maxScore = 10,
            allowedExtensions = Array.Empty<string>(), maxFileBytes = 1000,
        }, "assignmentId");
        await ExpectAsync(app, student, HttpMethod.Post, $"/api/assignments/{overdue}/submissions", new { text = "late", fileIds = Array.Empty<string>() }, HttpStatusCode.Created);
        await ExpectAsync(app, admin, HttpMethod.Put, $"/api/assignments/{overdue}/submissions/{student.UserId}/grade", new { score = 7, feedback = "ok" }, HttpStatusCode.OK);
        var path = $"/api/analytics/bootcamps/{bootcampId}";
        var before = await Eventually.Until(() => JsonAsync(app, admin, path), d => d["averageScorePercent"]?.GetValue<decimal>() == 70m,
            TimeSpan.FromSeconds(20), "the grade in the dashboard");
        Assert.Equal(1, before["submissions"]!["late"]!.GetValue<int>());

        await app.RestartAsync();

        var after = await JsonAsync(app, admin, path);
        Assert.Equal(Without(before, "computedAt"), Without(after, "computedAt"));
    }

    private static string Without(JsonNode node, string field)
    {
        var copy = node.DeepClone().AsObject();
        copy.Remove(field);
        return copy.ToJsonString();
    }

    private static async Task<JsonNode> JsonAsync(CohortlyApp app, Tokens caller, string path)
    {
        using var response = await app.Http.SendAsync(HttpMethod.Get, path, caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<string> IdAsync(CohortlyApp app, Tokens caller, string path, object body, string field)
    {
        using var response = await app.Http.SendAsync(HttpMethod.Post, path, caller.AccessToken, body);
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())![field]!.ToString();
    }

    private static async Task ExpectAsync(CohortlyApp app, Tokens caller, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var response = await app.Http.SendAsync(method, path, caller.AccessToken, body);
        await response.ExpectAsync(expected);
    }
}
