namespace Cohortly.Accounts;

/// <summary>The <c>Cohortly:Auth:Lockout</c> section: how long sign-in waits after the free attempts are used up.</summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "Cohortly:Auth:Lockout";

    /// <summary>The first lock-out; each attempt that still arrives after it doubles the next, up to <see cref="Longest"/>.</summary>
    public TimeSpan First { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan Longest { get; set; } = TimeSpan.FromMinutes(15);
}
