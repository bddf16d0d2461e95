using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Email;

/// <summary>
/// This silo's share of the sending rate: a token bucket refilled <see cref="EmailOptions.MaxPerSecond"/> times a second.
/// Bulk sends queue here rather than hammering the provider.
/// </summary>
public sealed class EmailThrottle : IDisposable
{
    private readonly TokenBucketRateLimiter _limiter;

    public EmailThrottle(IOptions<EmailOptions> options)
    {
        var perSecond = options.Value.MaxPerSecond;
        // Refilled ten times a second, so a rate of 50/s is smooth rather than a burst of 50 each second.
        var perTick = Math.Max(1, perSecond / 10);
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perTick,
            TokensPerPeriod = perTick,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)perTick / perSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public async Task WaitTurnAsync(CancellationToken cancellationToken = default)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
    }

    public void Dispose() => _limiter.Dispose();
}
