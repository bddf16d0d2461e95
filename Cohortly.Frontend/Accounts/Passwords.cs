using Cohortly.Frontend.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Cohortly.Frontend.Accounts;

/// <summary>
/// ASP.NET Core Identity's PBKDF2 hasher. Hashing happens in the front end that received the password, so
/// plaintext never crosses into the cluster; grains only ever store and hand back hashes.
/// </summary>
public sealed class Passwords : IDisposable
{
    private static readonly object AnyUser = new();
    private readonly PasswordHasher<object> _hasher = new();
    private readonly string _decoyHash;

    /// <summary>A hash is tens of milliseconds of one core: a burst of logins must not take them all.</summary>
    private readonly CoreGate _cores = new();

    public Passwords() => _decoyHash = _hasher.HashPassword(AnyUser, Guid.NewGuid().ToString());

    public Task<string> HashAsync(string password, CancellationToken cancellationToken = default) =>
        _cores.RunAsync(() => _hasher.HashPassword(AnyUser, password), cancellationToken);

    /// <summary>
    /// With no stored hash, a decoy is verified anyway so that an unknown email costs as long as a wrong
    /// password: timing must not reveal which addresses have accounts.
    /// </summary>
    public async Task<PasswordVerificationResult> VerifyAsync(string? storedHash, string password, CancellationToken cancellationToken = default)
    {
        var result = await _cores.RunAsync(() => _hasher.VerifyHashedPassword(AnyUser, storedHash ?? _decoyHash, password), cancellationToken);
        return storedHash is null ? PasswordVerificationResult.Failed : result;
    }

    public void Dispose() => _cores.Dispose();
}
