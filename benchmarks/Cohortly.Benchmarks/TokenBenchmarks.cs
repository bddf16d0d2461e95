using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Cohortly.Accounts;
using Cohortly.Frontend.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cohortly.Benchmarks;

/// <summary>A token service wired as the Frontend wires it, with a grant shaped like a student's login.</summary>
internal static class Tokens
{
    public static (TokenService Service, SessionGrant Grant, byte[] Key) Create()
    {
        var key = RandomNumberGenerator.GetBytes(64);
        var signingKey = new SigningKey(new SymmetricSecurityKey(key) { KeyId = Convert.ToHexString(SHA256.HashData(key))[..16] });
        var service = new TokenService(signingKey, Options.Create(new AuthOptions()), TimeProvider.System);
        var profile = new UserProfile("u_5f2c8e1a9b7d4c3e", "ada.lovelace@example.com", "Ada Lovelace", ImmutableArray.Create(Roles.Student), DateTimeOffset.UtcNow);
        var grant = new SessionGrant("s_0a1b2c3d4e5f6a7b", "refresh-secret-of-43-characters-aaaaaaaaaaa", DateTimeOffset.UtcNow.AddDays(30), profile);
        return (service, grant, key);
    }

    /// <summary>The part of a JWT the signature covers: base64url(header).base64url(payload).</summary>
    public static byte[] SigningInput(string jwt) => Encoding.ASCII.GetBytes(jwt[..jwt.LastIndexOf('.')]);
}

/// <summary>Issuing the access token, done on every login, registration and refresh.</summary>
public class JwtIssueBenchmarks
{
    private TokenService _service = null!;
    private SessionGrant _grant = null!;
    private byte[] _key = null!;
    private byte[] _signingInput = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_service, _grant, _key) = Tokens.Create();
        _signingInput = Tokens.SigningInput(_service.Issue(_grant).AccessToken);
    }

    /// <summary>The floor: the one HMAC-SHA256 over an input the size of our tokens' header and payload.</summary>
    [Benchmark(Baseline = true)]
    public byte[] HmacSha256OfTokenSizedInput() => HMACSHA256.HashData(_key, _signingInput);

    [Benchmark]
    public AuthTokens TokenServiceIssue() => _service.Issue(_grant);
}

/// <summary>Validating the bearer token, done on every authenticated request before the session check.</summary>
public class JwtValidateBenchmarks
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private TokenValidationParameters _parameters = null!;
    private string _token = null!;
    private byte[] _key = null!;
    private byte[] _signingInput = null!;
    private byte[] _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        (var service, var grant, _key) = Tokens.Create();
        _parameters = service.ValidationParameters();
        _token = service.Issue(grant).AccessToken;
        _signingInput = Tokens.SigningInput(_token);
        _signature = Base64UrlEncoder.DecodeBytes(_token[(_token.LastIndexOf('.') + 1)..]);
        // A benchmark of a rejection would measure the wrong path; the token lives 15 minutes, longer than the run.
        if (!ValidateToken().GetAwaiter().GetResult() || !HmacSha256Compare())
        {
            throw new InvalidOperationException("The benchmark token does not validate.");
        }
    }

    /// <summary>The floor: recompute the signature and compare it in constant time, no parsing or claim checks.</summary>
    [Benchmark(Baseline = true)]
    public bool HmacSha256Compare() =>
        CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, _signingInput), _signature);

    /// <summary>What JwtBearer does with the Frontend's validation parameters (issuer, audience, lifetime, pinned HS256).</summary>
    [Benchmark]
    public async Task<bool> ValidateToken() => (await _handler.ValidateTokenAsync(_token, _parameters)).IsValid;
}
