using System.Collections.Immutable;

namespace Cohortly.Accounts;

[GenerateSerializer, Immutable, Alias("cohortly.accounts.user-profile")]
public sealed record UserProfile(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] ImmutableArray<string> Roles,
    [property: Id(4)] DateTimeOffset CreatedAt)
{
    public bool IsInRole(string role) => Roles.Contains(role);
}

/// <summary>A registration that has passed the front end's validation; the password is already hashed.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.accounts.new-account")]
public sealed record NewAccount(
    [property: Id(0)] string Email,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string PasswordHash);

[GenerateSerializer, Immutable, Alias("cohortly.accounts.registration-result")]
public sealed record RegistrationResult(
    [property: Id(0)] bool Created,
    [property: Id(1)] UserProfile? Profile);

/// <summary>What login needs from a user grain: the stored hash and the profile to put in tokens.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.accounts.credential")]
public sealed record Credential(
    [property: Id(0)] string PasswordHash,
    [property: Id(1)] UserProfile Profile);

/// <summary>
/// A new or rotated session. The refresh secret is returned once and only its hash is kept,
/// so a leaked database cannot be turned into sessions.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.accounts.session-grant")]
public sealed record SessionGrant(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string RefreshSecret,
    [property: Id(2)] DateTimeOffset RefreshExpiresAt,
    [property: Id(3)] UserProfile Profile);

/// <summary>What the front end checks on every authenticated request: the session is alive and the current roles.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.accounts.access-context")]
public sealed record AccessContext(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] ImmutableArray<string> Roles);

[GenerateSerializer, Immutable, Alias("cohortly.accounts.password-reset-request")]
public sealed record PasswordResetRequest(
    [property: Id(0)] string ResetPageUrl,
    [property: Id(1)] TimeSpan Lifetime);

/// <summary>One new account, as the admin's home lists it.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.accounts.sign-up")]
public sealed record SignUp(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Email,
    [property: Id(3)] DateTimeOffset At);

/// <summary>
/// How many accounts were registered and the latest few. <see cref="CountedFromStart"/> is false on a system that had
/// accounts before counting began, where <see cref="Users"/> is a lower bound.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.accounts.sign-up-stats")]
public sealed record SignUpStats(
    [property: Id(0)] int Users,
    [property: Id(1)] bool CountedFromStart,
    [property: Id(2)] ImmutableArray<SignUp> Recent);
