using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Platform;

[Collection(EmbeddedAppCollection.Name)]
public sealed class PlatformTests(EmbeddedAppFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpointsAnswerOk(string path)
    {
        using var response = await _http.GetAsync(path);
        await response.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheAccountRoutes()
    {
        using var response = await _http.GetAsync("/openapi/v1.json");

        await response.ExpectAsync(HttpStatusCode.OK);
        var paths = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!.AsObject();
        foreach (var path in new[] { "/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout",
                     "/api/auth/password-reset/request", "/api/auth/password-reset/confirm", "/api/me", "/api/users/{userId}/roles" })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document");
        }
    }

    [Fact]
    public async Task TheApiReferencePageIsServedWithoutLeavingTheMachine()
    {
        using var response = await _http.GetAsync("/api-reference/");

        await response.ExpectAsync(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryKindOfResponseCarriesTheSecurityHeaders()
    {
        foreach (var path in new[] { "/api/me", "/", "/login", "/api/nothing-here", "/health/live" })
        {
            using var response = await _http.GetAsync(path);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WebPagesGetAStrictContentSecurityPolicyAndTheAppShell()
    {
        using var response = await _http.GetAsync("/reset-password?token=abc");

        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("<div id=\"app\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFeatureListNamesEverySwitchableCapability()
    {
        using var response = await _http.GetAsync("/api/features");

        await response.ExpectAsync(HttpStatusCode.OK);
        var features = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["features"]!.AsObject();
        Assert.True(features["dashboard"]!.GetValue<bool>());
        Assert.True(features["apiReference"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnAdminsRecountChecksEveryBootcampAndLeavesARightSeatCountAloneWhileOthersAreRefused()
    {
        var student = await _http.RegisterAsync();
        using var created = await _http.SendAsync(HttpMethod.Post, "/api/bootcamps", fixture.Admin.AccessToken, ApiClient.BootcampBody());
        await created.ExpectAsync(HttpStatusCode.Created);
        var bootcampId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
        using var enrolled = await _http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken);
        await enrolled.ExpectAsync(HttpStatusCode.Created);

        using var asStudent = await _http.SendAsync(HttpMethod.Post, "/api/admin/recount", student.AccessToken);
        await asStudent.ProblemAsync(HttpStatusCode.Forbidden);
        using var recount = await _http.SendAsync(HttpMethod.Post, "/api/admin/recount", fixture.Admin.AccessToken);
        await recount.ExpectAsync(HttpStatusCode.OK);

        var report = JsonNode.Parse(await recount.Content.ReadAsStringAsync())!;
        Assert.True(report["bootcampsChecked"]!.GetValue<int>() >= 1);
        Assert.DoesNotContain(report["driftFixed"]!.AsArray(), drift => drift!["bootcampId"]!.ToString() == bootcampId);
        // The enrolled student's progress was checked too, and was right.
        Assert.True(report["studentsChecked"]!.GetValue<int>() >= 1);
        Assert.DoesNotContain(report["progressFixed"]!.AsArray(), drift => drift!["bootcampId"]!.ToString() == bootcampId);
        using var bootcamp = await _http.SendAsync(HttpMethod.Get, $"/api/bootcamps/{bootcampId}", fixture.Admin.AccessToken);
        Assert.Equal(1, JsonNode.Parse(await bootcamp.Content.ReadAsStringAsync())!["enrolledCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task OnlyAdminsReachTheOrleansDashboard()
    {
        var student = await _http.RegisterAsync();
        using var anonymous = await _http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var asStudent = await _http.SendAsync(HttpMethod.Get, "/dashboard/", student.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, asStudent.StatusCode);
        using var studentSession = await _http.SendAsync(HttpMethod.Post, "/api/admin/dashboard-session", student.AccessToken);
        await studentSession.ProblemAsync(HttpStatusCode.Forbidden);

        using var session = await _http.SendAsync(HttpMethod.Post, "/api/admin/dashboard-session", fixture.Admin.AccessToken);
        await session.ExpectAsync(HttpStatusCode.NoContent);
        var cookie = session.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);

        using var browse = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        browse.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var dashboard = await _http.SendAsync(browse);
        await dashboard.ExpectAsync(HttpStatusCode.OK);
    }
}
