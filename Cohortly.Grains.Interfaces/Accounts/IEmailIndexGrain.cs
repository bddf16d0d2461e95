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
