using Orleans.Concurrency;

namespace Cohortly.Accounts;

/// <summary>Counts failed logins for one normalized email address, whether or not an account exists for it.</summary>
[Alias("cohortly.accounts.login-throttle")]
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>How long the caller must wait before trying again, or null if a try is allowed now.</summary>
    [Alias("get-retry-after"), ReadOnly]
    Task<TimeSpan?> GetRetryAfterAsync();

    [Alias("record-failure")]
    Task<TimeSpan?> RecordFailureAsync();

    [Alias("record-success")]
    Task RecordSuccessAsync();
}
