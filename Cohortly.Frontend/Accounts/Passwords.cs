using Microsoft.AspNetCore.Identity;

namespace Cohortly.Frontend.Accounts;

/// <summary>
/// ASP.NET Core Identity's PBKDF2 hasher. Hashing happens in the front end that received the password, so
/// plaintext never crosses into the cluster; grains only ever store and hand back hashes.
/// </summary>
public sealed class Passwords
{
    private static readonly object AnyUser = new();
    private readonly PasswordHasher<object> _hasher = new();
    private readonly string _decoyHash;

    public Passwords() => _decoyHash = _hasher.HashPassword(AnyUser, Guid.NewGuid().ToString());

    public string Hash(string password) => _hasher.HashPassword(AnyUser, password);

    /// <summary>
    /// With no stored hash, a decoy is verified anyway so that an unknown email costs as long as a wrong
    /// password: timing must not reveal which addresses have accounts.
    /// </summary>
    public PasswordVerificationResult Verify(string? storedHash, string password)
    {
        var result = _hasher.VerifyHashedPassword(AnyUser, storedHash ?? _decoyHash, password);
        return storedHash is null ? PasswordVerificationResult.Failed : result;
    }
}
