namespace Cohortly.Accounts;

/// <summary>
/// Five free failures per address in a quarter of an hour, then a lock-out that doubles with each
/// further failure up to fifteen minutes. Kept in memory: losing it on a deactivation only forgives
/// failures older than the collection age, which is longer than the longest lock-out.
/// </summary>
[CollectionAgeLimit(Minutes = 30)]
[GrainType("loginthrottle")]
public sealed class LoginThrottleGrain(TimeProvider time) : Grain, ILoginThrottleGrain
{
    private const int FreeFailures = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan FirstLockout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestLockout = TimeSpan.FromMinutes(15);

    private int _failures;
    private DateTimeOffset _windowStart;
    private DateTimeOffset _lockedUntil;

    public Task<TimeSpan?> GetRetryAfterAsync() => Task.FromResult(RetryAfter(time.GetUtcNow()));

    public Task<TimeSpan?> RecordFailureAsync()
    {
        var now = time.GetUtcNow();
        if (now - _windowStart > Window)
        {
            _failures = 0;
            _windowStart = now;
        }
        _failures++;
        if (_failures >= FreeFailures)
        {
            var doublings = Math.Min(_failures - FreeFailures, 10);
            var lockout = TimeSpan.FromTicks(Math.Min(FirstLockout.Ticks << doublings, LongestLockout.Ticks));
            _lockedUntil = now + lockout;
        }
        return Task.FromResult(RetryAfter(now));
    }

    public Task RecordSuccessAsync()
    {
        _failures = 0;
        _lockedUntil = default;
        return Task.CompletedTask;
    }

    private TimeSpan? RetryAfter(DateTimeOffset now) => _lockedUntil > now ? _lockedUntil - now : null;
}
