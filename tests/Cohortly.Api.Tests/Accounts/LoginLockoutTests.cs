using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Accounts;

/// <summary>Its own process: the lock-out must survive a restart of it.</summary>
public sealed class LoginLockoutTests() : OwnAppTests("cohortly-lockout", Settings)
{
    // Longer than a restart can take on a loaded machine: the 30 s default ran out during one in CI.
    private static readonly Dictionary<string, string> Settings = new() { ["Cohortly__Auth__Lockout__First"] = "00:10:00" };

    [Fact]
    public async Task FiftyParallelWrongPasswordsGetFiveTriesAndTheRestWaitWithRetryAfterAcrossARestart()
    {
        var email = ApiClient.UniqueEmail("victim");
        await App.Http.RegisterAsync(email);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(guess =>
            App.Http.PostAsJsonAsync("/api/auth/login", new { email, password = $"guess number {guess}" })));

        Assert.Equal(5, answers.Count(answer => answer.StatusCode == HttpStatusCode.Unauthorized));
        var waits = answers.Where(answer => answer.StatusCode != HttpStatusCode.Unauthorized).ToList();
        Assert.Equal(45, waits.Count);
        foreach (var wait in waits)
        {
            Assert.EndsWith("/too-many-attempts", (await wait.ProblemAsync(HttpStatusCode.TooManyRequests)).ProblemType(), StringComparison.Ordinal);
            Assert.InRange(RetryAfterSeconds(wait), 1, 600);
        }

        // A restart forgives nothing: even the right password still waits.
        await App.RestartAsync();
        using var afterRestart = await App.Http.PostAsJsonAsync("/api/auth/login", new { email, password = ApiClient.StrongPassword });
        await afterRestart.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.InRange(RetryAfterSeconds(afterRestart), 1, 600);
    }

    private static int RetryAfterSeconds(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
}
