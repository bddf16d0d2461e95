using System.Net;
using System.Text;
using Cohortly.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cohortly.Api.Tests.Accounts;

/// <summary>Only a token we signed, unexpired, for a live session opens the API.</summary>
[Collection(EmbeddedAppCollection.Name)]
public sealed class TokenValidationTests(EmbeddedAppFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIsRefused()
    {
        var user = await _http.RegisterAsync();
        var forged = Sign(ClaimsOf(user), new SymmetricSecurityKey(Encoding.UTF8.GetBytes(new string('k', 64))), DateTime.UtcNow.AddMinutes(10));

        await ExpectUnauthorizedAsync(forged);
    }

    [Fact]
    public async Task AnUnsignedAlgNoneTokenIsRefused()
    {
        var user = await _http.RegisterAsync();
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{{\"sub\":\"{user.UserId}\",\"sid\":\"x\",\"role\":\"admin\",\"iss\":\"cohortly\",\"aud\":\"cohortly\",\"exp\":{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}")).TrimEnd('=');

        await ExpectUnauthorizedAsync($"{header}.{payload}.");
    }

    [Fact]
    public async Task AnExpiredTokenSignedWithTheRealKeyIsRefused()
    {
        var user = await _http.RegisterAsync();
        var expired = Sign(ClaimsOf(user), RealKey(), DateTime.UtcNow.AddMinutes(-5));

        await ExpectUnauthorizedAsync(expired);
    }

    [Fact]
    public async Task ARealKeyTokenForAnInventedSessionIsRefused()
    {
        var user = await _http.RegisterAsync();
        var claims = ClaimsOf(user);
        claims["sid"] = "invented-session";
        claims["role"] = "admin";

        await ExpectUnauthorizedAsync(Sign(claims, RealKey(), DateTime.UtcNow.AddMinutes(10)));
    }

    [Fact]
    public async Task TheRealKeyAndALiveSessionAreAccepted()
    {
        // The control case: the forging helpers above are able to produce a token the server accepts.
        var user = await _http.RegisterAsync();
        var token = Sign(ClaimsOf(user), RealKey(), DateTime.UtcNow.AddMinutes(10));

        Assert.Equal(user.UserId, (await _http.GetMeAsync(token)).UserId);
    }

    private async Task ExpectUnauthorizedAsync(string token)
    {
        using var response = await _http.SendAsync(HttpMethod.Get, "/api/me", token);
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static Dictionary<string, object> ClaimsOf(Tokens user)
    {
        var issued = new JsonWebToken(user.AccessToken);
        return new Dictionary<string, object>
        {
            ["sub"] = user.UserId,
            ["sid"] = issued.GetClaim("sid").Value,
        };
    }

    /// <summary>The embedded mode's generated key, read from the data directory as an attacker with disk access could.</summary>
    private SymmetricSecurityKey RealKey() =>
        new(Convert.FromBase64String(File.ReadAllText(Path.Combine(fixture.App.DataDirectory, "keys", "jwt-signing.key")).Trim()));

    private static string Sign(Dictionary<string, object> claims, SecurityKey key, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "cohortly",
            Audience = "cohortly",
            Claims = claims,
            IssuedAt = expires.AddMinutes(-15),
            NotBefore = expires.AddMinutes(-15),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
}
