using System.Diagnostics;
using Cohortly.Testing;
using Xunit.Abstractions;

namespace Cohortly.Api.Tests.Platform;

/// <summary>
/// The embedded process is killed (kill -9) in the middle of enrollments, submissions, grades and announcements, then
/// started again on the same data directory. Every request that was answered 2xx must have its effect exactly once,
/// and every request that was not must complete when the client retries it with the same Idempotency-Key.
/// </summary>
public sealed class EmbeddedCrashTests(ITestOutputHelper output) : OwnAppTests("cohortly-crash", Settings)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
        // Events a crash left stored are re-published on this period; production keeps the one-minute default.
        ["Cohortly__Events__RepublishPeriod"] = "00:00:03",
    };

    [Fact]
    public async Task AKillMidLoadLosesNothingAcknowledgedAndRetriesWithTheirKeysDoubleNothing()
    {
        var driver = await CrashDriver.PrepareAsync(App.Http);

        await driver.RunAsync(App.KillAsync);
        var acknowledgedBeforeKill = driver.Acknowledged;
        Assert.InRange(acknowledgedBeforeKill, 1, driver.Operations.Count - 1);

        var restart = Stopwatch.StartNew();
        await App.StartAsync();
        var startedIn = restart.Elapsed;
        await driver.RetryUnansweredAsync(TimeSpan.FromSeconds(30));
        var inboxesComplete = await driver.VerifyAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"{driver.Effects(acknowledgedBeforeKill)}; restart took {startedIn.TotalSeconds:0.0} s, " +
            $"inboxes complete {inboxesComplete.TotalSeconds:0.0} s after the retries");
    }
}
