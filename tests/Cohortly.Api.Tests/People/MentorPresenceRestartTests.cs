using System.Net;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.People;

/// <summary>Its own process: the test restarts it, so every grain comes back as a new activation from storage.</summary>
public sealed class MentorPresenceRestartTests() : OwnAppTests("cohortly-presence-restart")
{
    [Fact]
    public async Task AMentorsAvailabilityIsStillTrueAfterTheAppRestarts()
    {
        var admin = await App.Http.RegisterAsync(ApiClient.UniqueEmail("admin"), displayName: "Admin");
        var mentor = await App.Http.RegisterAsync(ApiClient.UniqueEmail("mentor"), displayName: "Mo Mentor");
        var student = await App.Http.RegisterAsync(ApiClient.UniqueEmail("student"), displayName: "Student");
        using (var promote = await App.Http.SendAsync(HttpMethod.Put, $"/api/users/{mentor.UserId}/roles", admin.AccessToken, new { roles = new[] { "mentor" } }))
        {
            await promote.ExpectAsync(HttpStatusCode.OK);
        }
        string bootcampId;
        using (var create = await App.Http.SendAsync(HttpMethod.Post, "/api/bootcamps", admin.AccessToken, ApiClient.BootcampBody()))
        {
            await create.ExpectAsync(HttpStatusCode.Created);
            bootcampId = System.Text.Json.Nodes.JsonNode.Parse(await create.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
        }
        foreach (var (method, path, token, body) in new (HttpMethod, string, string, object?)[]
        {
            (HttpMethod.Post, $"/api/bootcamps/{bootcampId}/staff", admin.AccessToken, new { userId = mentor.UserId, role = "mentor" }),
            (HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken, null),
            (HttpMethod.Put, "/api/mentors/me/availability", mentor.AccessToken, new { available = true, until = DateTimeOffset.UtcNow.AddDays(1) }),
        })
        {
            using var response = await App.Http.SendAsync(method, path, token, body);
            Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}");
        }

        await App.RestartAsync();

        var own = await Eventually.Until(() => GetAsync(mentor, "/api/mentors/me/availability"), json => json is not null, TimeSpan.FromSeconds(30), "the app to answer again");
        Assert.True(own!["available"]!.GetValue<bool>());
        var seen = (await GetAsync(student, $"/api/bootcamps/{bootcampId}/mentors/presence"))!.AsArray().Single()!;
        Assert.Equal("Mo Mentor", seen["displayName"]!.ToString());
        Assert.True(seen["available"]!.GetValue<bool>());
    }

    private async Task<System.Text.Json.Nodes.JsonNode?> GetAsync(Tokens caller, string path)
    {
        using var response = await App.Http.SendAsync(HttpMethod.Get, path, caller.AccessToken);
        return response.StatusCode == HttpStatusCode.OK ? System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }
}
