using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Cohortly.Accounts;

/// <summary>One user: profile, roles, password hash, sessions and the pending password reset. Keyed by user id.</summary>
[Alias("cohortly.accounts.user")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Called only by the email index, which guarantees the email is unique.</summary>
    [Alias("create")]
    Task<UserProfile> CreateAsync(NewAccount account, ImmutableArray<string> roles);

    /// <summary>
    /// Interleaves with anything the grain is doing: a role change asks its caller's grain for the caller's profile, so
    /// two admins changing each other's roles at once (or a staff assignment crossing a role change) each waited on
    /// the other until both timed out after 30 s. Reading the profile at any await point is safe: at worst it sees a
    /// change whose write is still under way.
    /// </summary>
    [Alias("get-profile"), ReadOnly, AlwaysInterleave]
    Task<UserProfile?> GetProfileAsync();

    [Alias("get-credential"), ReadOnly]
    Task<Credential?> GetCredentialAsync();

    /// <summary>Replaces the roles; the caller must be an admin and may not drop their own admin role.</summary>
    [Alias("set-roles")]
    Task<UserProfile> SetRolesAsync(string callerUserId, ImmutableArray<string> roles);

    /// <summary>Swaps in a stronger hash of the same password after a successful login.</summary>
    [Alias("upgrade-password-hash")]
    Task UpgradePasswordHashAsync(string currentHash, string strongerHash);

    [Alias("start-session")]
    Task<SessionGrant> StartSessionAsync(TimeSpan lifetime);

    /// <summary>
    /// Trades a refresh secret for a new one. A secret that is not the session's current one means a
    /// stolen or replayed token: the whole session is revoked and null is returned. A session never
    /// outlives <paramref name="maxAge"/> from its start however often it is refreshed: past that it ends
    /// and null is returned, and a rotated secret never lapses later than that.
    /// </summary>
    [Alias("rotate-session")]
    Task<SessionGrant?> RotateSessionAsync(string sessionId, string refreshSecret, TimeSpan lifetime, TimeSpan maxAge);

    [Alias("end-session")]
    Task EndSessionAsync(string sessionId);

    /// <summary>Null when the session has ended, expired or never existed.</summary>
    [Alias("get-access-context"), ReadOnly]
    Task<AccessContext?> GetAccessContextAsync(string sessionId);

    /// <summary>Issues a single-use reset token and emails the link; silently rate limited.</summary>
    [Alias("request-password-reset")]
    Task RequestPasswordResetAsync(PasswordResetRequest request);

    /// <summary>Consumes the reset token, sets the new hash and ends every session. False if the token is wrong, used or expired.</summary>
    /// <summary>
    /// Replaces the password if it is still <paramref name="currentHash"/> (false if it changed meanwhile) and ends every
    /// session but <paramref name="keepSessionId"/>: whoever knew the old password may hold one.
    /// </summary>
    [Alias("change-password")]
    Task<bool> ChangePasswordAsync(string currentHash, string newPasswordHash, string keepSessionId);

    [Alias("reset-password")]
    Task<bool> ResetPasswordAsync(string resetSecret, string newPasswordHash);
}
