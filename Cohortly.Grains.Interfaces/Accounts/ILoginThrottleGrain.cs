namespace Cohortly.Accounts;

/// <summary>Counts login attempts for one normalized email address, whether or not an account exists for it.</summary>
[Alias("cohortly.accounts.login-throttle")]
public interface ILoginThrottleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes one attempt before the password is checked: null when it may go ahead, otherwise how long to wait. The
    /// attempt counts as a failure until <see cref="RecordSuccessAsync"/> says otherwise, so parallel tries cannot all
    /// pass a check that is only updated after their slow hashes.
    /// </summary>
    [Alias("reserve")]
    Task<TimeSpan?> ReserveAsync();

    [Alias("record-success")]
    Task RecordSuccessAsync();
}
