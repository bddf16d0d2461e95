using Orleans.Concurrency;

namespace Cohortly.Accounts;

/// <summary>
/// Owns one normalized email address. Registration goes through it, and because a grain handles one
/// call at a time, two racing registrations of the same address cannot both succeed.
/// </summary>
[Alias("cohortly.accounts.email-index")]
public interface IEmailIndexGrain : IGrainWithStringKey
{
    [Alias("register")]
    Task<RegistrationResult> RegisterAsync(NewAccount account);

    [Alias("get-user-id"), ReadOnly]
    Task<string?> GetUserIdAsync();
}

/// <summary>Remembers whether the system already has its first account, which becomes the admin.</summary>
[Alias("cohortly.accounts.account-registry")]
public interface IAccountRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>True exactly once in the life of the system: for the first account registered.</summary>
    [Alias("try-claim-first-account")]
    Task<bool> TryClaimFirstAccountAsync(string userId);
}

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
