using System.Globalization;
using System.Net;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Platform;

/// <summary>Its own process with tiny limits: five requests a minute per user and per anonymous address.</summary>
public sealed class RateLimitTests() : OwnAppTests("cohortly-limits", Settings)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
        ["Cohortly__Edge__UserRequestsPerMinute"] = "5",
        ["Cohortly__Edge__AnonymousRequestsPerMinute"] = "5",
        // A proxy that is not the test's own address: its forwarded headers must be ignored.
        ["Cohortly__Edge__KnownProxies__0"] = "10.9.9.9",
    };

    [Fact]
    public async Task SignedInUsersAreCountedEachOnTheirOwnAndAnonymousCallersByTheirAddressWhateverTheyClaim()
    {
        var first = await App.Http.RegisterAsync();
        var second = await App.Http.RegisterAsync();

        for (var i = 0; i < 5; i++)
        {
            await App.Http.GetMeAsync(first.AccessToken);
        }
        using (var limited = await App.Http.SendAsync(HttpMethod.Get, "/api/me", first.AccessToken))
        {
            await ExpectRateLimitedAsync(limited);
        }
        // Behind one proxy or not, another user has their own allowance.
        await App.Http.GetMeAsync(second.AccessToken);

        // The registrations (and the test client's read of the OpenAPI document) came from this address too: whatever is
        // left of its five goes to catalog searches, then 429.
        var searches = 0;
        HttpResponseMessage search;
        while ((search = await App.Http.GetAsync("/api/bootcamps?q=rust")).StatusCode == HttpStatusCode.OK)
        {
            search.Dispose();
            Assert.InRange(++searches, 1, 3);
        }
        using (search)
        {
            await ExpectRateLimitedAsync(search);
        }
        using var disguised = new HttpRequestMessage(HttpMethod.Get, "/api/bootcamps?q=rust");
        disguised.Headers.Add("X-Forwarded-For", "203.0.113.77");
        using (var stillLimited = await App.Http.SendAsync(disguised))
        {
            await ExpectRateLimitedAsync(stillLimited);
        }
        using var health = await App.Http.GetAsync("/health/live");
        await health.ExpectAsync(HttpStatusCode.OK);
    }

    private static async Task ExpectRateLimitedAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.EndsWith("/rate-limited", problem.ProblemType(), StringComparison.Ordinal);
        Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);
    }
}
