namespace Cohortly.Accounts;

[GenerateSerializer, Alias("cohortly.accounts.user-state")]
public sealed class UserState
{
    [Id(0)] public UserProfile? Profile { get; set; }
    [Id(1)] public string PasswordHash { get; set; } = "";
    [Id(2)] public List<UserSession> Sessions { get; set; } = [];
    [Id(3)] public PendingPasswordReset? PasswordReset { get; set; }
    /// <summary>False for accounts made before the user directory existed: they are listed when they next activate.</summary>
    [Id(4)] public bool InDirectory { get; set; }
}

/// <summary>One signed-in device: the hash of its current refresh secret and when it lapses unless used.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.accounts.user-session")]
public sealed record UserSession(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string RefreshSecretHash,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset ExpiresAt);

[GenerateSerializer, Immutable, Alias("cohortly.accounts.pending-password-reset")]
public sealed record PendingPasswordReset(
    [property: Id(0)] string SecretHash,
    [property: Id(1)] DateTimeOffset IssuedAt,
    [property: Id(2)] DateTimeOffset ExpiresAt);
