using System.Net;
using System.Net.Http.Json;
using Cohortly.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cohortly.Api.Tests.Accounts;

/// <summary>
/// The app in this process on a clock the test moves forward: a session refreshed faithfully still ends
/// Cohortly:Auth:SessionMaxDays (30) after sign-in.
/// </summary>
public sealed class SessionMaxAgeTests : IAsyncLifetime
{
    private readonly ShiftedClock _clock = new();
    private InProcessApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new InProcessApp("cohortly-session-age", services => services.AddSingleton<TimeProvider>(_clock));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ASessionRefreshedEveryTenDaysStillEndsThirtyDaysAfterSignIn()
    {
        var tokens = await _app.Http.RegisterAsync(displayName: "Rita Refresh");
        var refreshToken = tokens.RefreshToken;
        for (var day = 10; day <= 20; day += 10)
        {
            _clock.Shift = TimeSpan.FromDays(day);
            using var refreshed = await RefreshAsync(refreshToken);
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            refreshToken = (await refreshed.Content.ReadFromJsonAsync<Tokens>())!.RefreshToken;
        }

        _clock.Shift = TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1);
        using var ended = await RefreshAsync(refreshToken);
        var problem = await ended.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("https://cohortly.dev/problems/invalid-refresh-token", problem.ProblemType());
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        _app.Http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    /// <summary>The system clock moved forward by <see cref="Shift"/>; timers stay real, so Orleans runs as usual.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
    }
}
