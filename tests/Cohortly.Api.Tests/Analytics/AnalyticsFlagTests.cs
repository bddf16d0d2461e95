using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Analytics;

/// <summary>Needs a process of its own: the feature switched off.</summary>
public sealed class AnalyticsFlagTests
{
    [Fact]
    public async Task WithAnalyticsSwitchedOffItsRoutesAnswerNotFoundAndTheFeatureIsListedAsOff()
    {
        using var data = new TempDirectory("cohortly-analytics-off");
        await using var app = await CohortlyApp.StartAsync(data.Path, new Dictionary<string, string> { ["FeatureManagement__Analytics"] = "false" });
        var admin = await app.Http.RegisterAsync();
        using var created = await app.Http.SendAsync(HttpMethod.Post, "/api/bootcamps", admin.AccessToken, ApiClient.BootcampBody());
        var bootcampId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();

        using var features = await app.Http.GetAsync("/api/features");
        Assert.False(JsonNode.Parse(await features.Content.ReadAsStringAsync())!["features"]!["analytics"]!.GetValue<bool>());
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/api/analytics/bootcamps/{bootcampId}"),
            (HttpMethod.Post, $"/api/analytics/bootcamps/{bootcampId}/rebuild"),
            (HttpMethod.Get, "/api/analytics/platform"),
        })
        {
            using var response = await app.Http.SendAsync(method, path, admin.AccessToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }
}
