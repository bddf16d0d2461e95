namespace Cohortly.Accounts;

/// <summary>Remembers whether the system already has its first account, which becomes the admin.</summary>
[Alias("cohortly.accounts.account-registry")]
public interface IAccountRegistryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>True exactly once in the life of the system: for the first account registered.</summary>
    [Alias("try-claim-first-account")]
    Task<bool> TryClaimFirstAccountAsync(string userId);
}
