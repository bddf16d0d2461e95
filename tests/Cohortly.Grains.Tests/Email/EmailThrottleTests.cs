using System.Diagnostics;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Options;

namespace Cohortly.Grains.Tests.Email;

public sealed class EmailThrottleTests
{
    [Fact]
    public async Task BulkSendsWaitTheirTurnAtTheConfiguredRate()
    {
        using var throttle = new EmailThrottle(Options.Create(new EmailOptions { MaxPerSecond = 20 }));
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 41).Select(_ => throttle.WaitTurnAsync()));

        // 41 sends at 20 a second: the first two go at once, the rest wait for tokens, so close to 2 s pass.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"41 turns at 20/s took only {clock.Elapsed.TotalSeconds:0.00} s");
    }
}
