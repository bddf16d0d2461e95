using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Platform;

/// <summary>Behaviour that needs a process of its own: restarts, other configuration.</summary>
public sealed class SeparateProcessTests
{
    [Fact]
    public async Task AccountsAndSessionsSurviveARestart()
    {
        using var data = new TempDirectory("cohortly-restart");
        await using var app = await CohortlyApp.StartAsync(data.Path);
        var email = ApiClient.UniqueEmail();
        var admin = await app.Http.RegisterAsync(ApiClient.UniqueEmail("admin"));
        var student = await app.Http.RegisterAsync(email);
        using (var promote = await app.Http.SendAsync(HttpMethod.Put, $"/api/users/{student.UserId}/roles", admin.AccessToken, new { roles = new[] { "mentor" } }))
        {
            await promote.ExpectAsync(HttpStatusCode.OK);
        }

        await app.RestartAsync();

        // The signing key was kept, so the access token from before the restart still opens the account …
        Assert.Equal(["mentor"], (await app.Http.GetMeAsync(student.AccessToken)).Roles);
        // … the refresh token still rotates …
        using var refresh = await app.Http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = student.RefreshToken });
        await refresh.ExpectAsync(HttpStatusCode.OK);
        // … the password still works, and the admin is still the admin.
        Assert.Equal(student.UserId, (await app.Http.LoginAsync(email)).UserId);
        Assert.Equal(["admin"], (await app.Http.GetMeAsync(admin.AccessToken)).Roles);
    }

    [Fact]
    public async Task TwoEmbeddedInstancesWithTheirOwnDataDirectoriesDoNotShareAnything()
    {
        using var dataA = new TempDirectory("cohortly-a");
        using var dataB = new TempDirectory("cohortly-b");
        await using var a = await CohortlyApp.StartAsync(dataA.Path);
        await using var b = await CohortlyApp.StartAsync(dataB.Path);
        var email = ApiClient.UniqueEmail();

        var inA = await a.Http.RegisterAsync(email);
        var inB = await b.Http.RegisterAsync(email);

        Assert.NotEqual(inA.UserId, inB.UserId);
        Assert.Equal(["admin"], (await b.Http.GetMeAsync(inB.AccessToken)).Roles);
    }

    [Fact]
    public async Task ASwitchedOffFeatureAnswersNotFoundAndIsListedAsOff()
    {
        using var data = new TempDirectory("cohortly-flags");
        await using var app = await CohortlyApp.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["FeatureManagement__Dashboard"] = "false",
            ["FeatureManagement__ApiReference"] = "false",
            ["FeatureManagement__Payments"] = "false",
            ["FeatureManagement__Certificates"] = "false",
        });
        var admin = await app.Http.RegisterAsync();

        using var features = await app.Http.GetAsync("/api/features");
        var flags = JsonNode.Parse(await features.Content.ReadAsStringAsync())!["features"]!;
        Assert.False(flags["dashboard"]!.GetValue<bool>());
        Assert.False(flags["apiReference"]!.GetValue<bool>());
        Assert.False(flags["certificates"]!.GetValue<bool>());
        foreach (var path in new[] { "/api/me/certificates", $"/api/verify/{new string('a', 40)}", "/.well-known/cohortly/keys.json", "/api/certificates/status/1" })
        {
            using var certificates = await app.Http.SendAsync(HttpMethod.Get, path, admin.AccessToken);
            Assert.Equal(HttpStatusCode.NotFound, certificates.StatusCode);
        }
        using var session = await app.Http.SendAsync(HttpMethod.Post, "/api/admin/dashboard-session", admin.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, session.StatusCode);
        using var dashboard = await app.Http.SendAsync(HttpMethod.Get, "/dashboard/", admin.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
        using var reference = await app.Http.GetAsync("/api-reference/");
        Assert.Equal(HttpStatusCode.NotFound, reference.StatusCode);
        Assert.False(flags["payments"]!.GetValue<bool>());
        using var coupons = await app.Http.SendAsync(HttpMethod.Post, "/api/coupons", admin.AccessToken, new { code = "SPRING", percentOff = 10 });
        Assert.Equal(HttpStatusCode.NotFound, coupons.StatusCode);
        using var myPayments = await app.Http.SendAsync(HttpMethod.Get, "/api/me/payments", admin.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, myPayments.StatusCode);
        using var webhook = await app.Http.PostAsync("/webhooks/stripe", ApiClient.RawJson("{}"));
        Assert.Equal(HttpStatusCode.NotFound, webhook.StatusCode);
    }

    [Fact]
    public async Task OneClientHammeringTheAuthRoutesIsLimitedWithRetryAfter()
    {
        using var data = new TempDirectory("cohortly-limits");
        await using var app = await CohortlyApp.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "3",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await app.Http.PostAsJsonAsync("/api/auth/login", new { email = ApiClient.UniqueEmail(), password = "some password" });
            statuses.Add(response.StatusCode);
        }
        using var limited = await app.Http.PostAsJsonAsync("/api/auth/login", new { email = ApiClient.UniqueEmail(), password = "some password" });

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
        await limited.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        using var me = await app.Http.GetAsync("/health/ready");
        await me.ExpectAsync(HttpStatusCode.OK);
    }
}
