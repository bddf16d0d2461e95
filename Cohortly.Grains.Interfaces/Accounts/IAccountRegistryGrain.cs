using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Accounts;

/// <summary>
/// Remembers whether the system already has its first account, which becomes the admin, and counts sign-ups for the
/// admin's home. Registration already passes through it, so counting adds no new grain to that path; reads are admins' only.
/// </summary>
[Alias("cohortly.accounts.account-registry")]
public interface IAccountRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>True exactly once in the life of the system: for the first account registered.</summary>
    [Alias("try-claim-first-account")]
    Task<bool> TryClaimFirstAccountAsync(string userId);

    /// <summary>Called once a new account exists.</summary>
    [Alias("record-sign-up")]
    Task RecordSignUpAsync(string userId, string displayName, string email);

    /// <summary>Admins only.</summary>
    [Alias("get-sign-ups"), ReadOnly]
    Task<SignUpStats> GetSignUpsAsync(Caller caller);
}
