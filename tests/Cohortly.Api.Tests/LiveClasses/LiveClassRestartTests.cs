using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.LiveClasses;

/// <summary>Needs a process of its own: the reminder of a class scheduled before a crash.</summary>
public sealed class LiveClassRestartTests
{
    [Fact]
    public async Task TheFifteenMinuteReminderOfAClassScheduledBeforeACrashArrivesOnceAfterTheRestart()
    {
        using var data = new TempDirectory("cohortly-live-restart");
        await using var app = await CohortlyApp.StartAsync(data.Path);
        var admin = await app.Http.RegisterAsync(ApiClient.UniqueEmail("admin"));
        var student = await app.Http.RegisterAsync(ApiClient.UniqueEmail("student"), displayName: "Rhea Restart");
        var bootcampId = await IdAsync(app, admin, "/api/bootcamps", ApiClient.BootcampBody(), "bootcampId");
        await ExpectAsync(app, admin, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/staff", new { userId = admin.UserId, role = "instructor" }, HttpStatusCode.NoContent);
        await ExpectAsync(app, student, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", null, HttpStatusCode.Created);
        using var scheduled = await app.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/sessions", admin.AccessToken,
            new { title = "After the restart", startsAt = DateTimeOffset.UtcNow.AddMinutes(15).AddSeconds(30), durationMinutes = 30, timeZone = "UTC" });
        await scheduled.ExpectAsync(HttpStatusCode.Created);
        var sessionId = JsonNode.Parse(await scheduled.Content.ReadAsStringAsync())!["sessionIds"]![0]!.ToString();

        // Due in 30 seconds: the process is killed (no graceful shutdown) and back before then, so only the stored reminder can send it.
        await app.KillAsync();
        await app.StartAsync();

        var reminders = await Eventually.Until(async () => (await InboxAsync(app, student))
                .Where(n => n!["kind"]!.ToString() == "session.starting" && n["data"]!["sessionId"]!.ToString() == sessionId).ToList(),
            found => found.Count > 0, TimeSpan.FromSeconds(120), "the reminder after the restart");
        // A minute later (one reminder period) there is still one.
        await Task.Delay(TimeSpan.FromSeconds(65));
        Assert.Single(await InboxAsync(app, student), n => n!["kind"]!.ToString() == "session.starting");
        Assert.Single(reminders);
    }

    private static async Task<JsonArray> InboxAsync(CohortlyApp app, Tokens user)
    {
        using var response = await app.Http.SendAsync(HttpMethod.Get, "/api/notifications?pageSize=100", user.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray();
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
