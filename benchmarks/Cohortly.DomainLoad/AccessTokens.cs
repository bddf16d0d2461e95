using System.Security.Claims;
using System.Security.Cryptography;
using Cohortly.Accounts;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cohortly.DomainLoad;

/// <summary>
/// Access tokens made the way Cohortly.Frontend/Accounts/TokenService.cs makes them (HS256, issuer and audience
/// "cohortly", claims sub, sid, name, email, jti and one role claim per role, 15 minutes), signed with the key
/// the embedded server generated in its data directory. Logging in over HTTP would cost a PBKDF2 hash (~70 ms of
/// CPU) per student, and seeding is not what is measured. The server still checks each token's session against
/// the user grain on every request, so these sessions are real ones, opened through IUserGrain.
/// </summary>
public sealed class AccessTokens(byte[] key)
{
    public const string Issuer = "cohortly";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly SymmetricSecurityKey _key = new(key) { KeyId = Convert.ToHexString(SHA256.HashData(key))[..16] };
    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(SessionGrant grant)
    {
        var profile = grant.Profile;
        var now = DateTime.UtcNow;
        var claims = new List<Claim>
        {
            new("sub", profile.UserId),
            new("sid", grant.SessionId),
            new("name", profile.DisplayName),
            new("email", profile.Email),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(profile.Roles.Select(role => new Claim("role", role)));
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }
}
