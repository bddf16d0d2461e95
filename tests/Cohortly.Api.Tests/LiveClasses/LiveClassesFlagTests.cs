using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.LiveClasses;

/// <summary>Needs a process of its own: the feature switched off.</summary>
public sealed class LiveClassesFlagTests
{
    [Fact]
    public async Task WithLiveClassesSwitchedOffItsRoutesAnswerNotFoundAndTheFeatureIsListedAsOff()
    {
        using var data = new TempDirectory("cohortly-live-off");
        await using var app = await CohortlyApp.StartAsync(data.Path, new Dictionary<string, string> { ["FeatureManagement__LiveClasses"] = "false" });
        var admin = await app.Http.RegisterAsync();
        using var created = await app.Http.SendAsync(HttpMethod.Post, "/api/bootcamps", admin.AccessToken, ApiClient.BootcampBody());
        var bootcampId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();

        using var features = await app.Http.GetAsync("/api/features");
        Assert.False(JsonNode.Parse(await features.Content.ReadAsStringAsync())!["features"]!["liveClasses"]!.GetValue<bool>());
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/api/bootcamps/{bootcampId}/sessions"),
            (HttpMethod.Post, $"/api/bootcamps/{bootcampId}/sessions"),
            (HttpMethod.Get, "/api/sessions/any"),
            (HttpMethod.Get, "/api/sessions/any/checkin-code"),
            (HttpMethod.Get, "/api/sessions/any/attendance"),
        })
        {
            using var response = await app.Http.SendAsync(method, path, admin.AccessToken,
                method == HttpMethod.Post ? new { title = "x", startsAt = DateTimeOffset.UtcNow, durationMinutes = 30, timeZone = "UTC" } : null);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path} answered {response.StatusCode}");
        }
    }
}
