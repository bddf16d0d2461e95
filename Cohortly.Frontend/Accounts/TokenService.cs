using System.Security.Claims;
using Cohortly.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cohortly.Frontend.Accounts;

public sealed record AuthTokens(string UserId, string AccessToken, string RefreshToken, int ExpiresIn);

/// <summary>
/// Issues the short-lived access JWT and composes the opaque refresh token
/// <c>{userId}.{sessionId}.{secret}</c>, which routes a refresh straight to the right user grain.
/// </summary>
public sealed class TokenService(SigningKey signingKey, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public AuthTokens Issue(SessionGrant grant)
    {
        var auth = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var profile = grant.Profile;
        var claims = new List<Claim>
        {
            new(CallerClaims.UserId, profile.UserId),
            new(CallerClaims.SessionId, grant.SessionId),
            new(CallerClaims.Name, profile.DisplayName),
            new(CallerClaims.Email, profile.Email),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(profile.Roles.Select(role => new Claim(CallerClaims.Role, role)));
        var accessToken = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + auth.AccessTokenLifetime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return new AuthTokens(
            profile.UserId,
            accessToken,
            $"{profile.UserId}.{grant.SessionId}.{grant.RefreshSecret}",
            (int)auth.AccessTokenLifetime.TotalSeconds);
    }

    public static bool TryParseRefreshToken(string? token, out string userId, out string sessionId, out string secret)
    {
        var parts = (token ?? "").Split('.');
        var valid = parts.Length == 3 && token!.Length <= 200 && parts.All(part => part.Length > 0);
        userId = valid ? parts[0] : "";
        sessionId = valid ? parts[1] : "";
        secret = valid ? parts[2] : "";
        return valid;
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = options.Value.Issuer,
        IssuerSigningKey = signingKey.Key,
        // Pinning the algorithm is what refuses "alg": "none" and algorithm-confusion tokens.
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = CallerClaims.Name,
        RoleClaimType = CallerClaims.Role,
    };
}
