using System.ComponentModel.DataAnnotations;

namespace Cohortly.Frontend.Accounts;

/// <summary>The <c>Cohortly:Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Cohortly:Auth";

    /// <summary>Base64 HMAC key of at least 256 bits. Required in cluster mode; generated and kept in the data directory when embedded.</summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "cohortly";

    [Range(1, 1440)]
    public int AccessTokenMinutes { get; set; } = 15;

    [Range(1, 365)]
    public int RefreshTokenDays { get; set; } = 30;

    /// <summary>A session ends this long after sign-in however often it is refreshed, so a stolen refresh token cannot be kept alive for ever.</summary>
    [Range(1, 3650)]
    public int SessionMaxDays { get; set; } = 30;

    [Range(5, 1440)]
    public int PasswordResetMinutes { get; set; } = 30;

    /// <summary>Requests per minute one client address may make to /api/auth; brute force across many addresses is throttled per email instead.</summary>
    [Range(1, int.MaxValue)]
    public int ClientRequestsPerMinute { get; set; } = 120;

    /// <summary>The address users reach the web app at, for links in emails. Defaults to the address the server listens on.</summary>
    public string? PublicUrl { get; set; }

    public TimeSpan AccessTokenLifetime => TimeSpan.FromMinutes(AccessTokenMinutes);

    public TimeSpan RefreshTokenLifetime => TimeSpan.FromDays(RefreshTokenDays);

    public TimeSpan SessionMaxLifetime => TimeSpan.FromDays(SessionMaxDays);

    /// <summary>How long a new session's first refresh token lasts: never past the session's absolute end.</summary>
    public TimeSpan FirstRefreshLifetime => RefreshTokenLifetime < SessionMaxLifetime ? RefreshTokenLifetime : SessionMaxLifetime;

    public TimeSpan PasswordResetLifetime => TimeSpan.FromMinutes(PasswordResetMinutes);
}
