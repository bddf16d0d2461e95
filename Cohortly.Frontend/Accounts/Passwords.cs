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

    /// <summary>
    /// A hash is tens of milliseconds of one core. Unbounded, a burst of logins occupies every thread-pool
    /// thread and every core, and the rest of the process (other requests, the co-hosted silo's health
    /// checks) stalls for seconds; measured in benchmarks/. Half the cores hash, the rest stay responsive,
    /// and waiting logins queue without holding a thread.
    /// </summary>
    private readonly SemaphoreSlim _cores = new(Math.Max(1, Environment.ProcessorCount / 2));

    public Passwords() => _decoyHash = _hasher.HashPassword(AnyUser, Guid.NewGuid().ToString());

    public Task<string> HashAsync(string password, CancellationToken cancellationToken = default) =>
        OnHashingCoreAsync(() => _hasher.HashPassword(AnyUser, password), cancellationToken);

    /// <summary>
    /// With no stored hash, a decoy is verified anyway so that an unknown email costs as long as a wrong
    /// password: timing must not reveal which addresses have accounts.
    /// </summary>
    public async Task<PasswordVerificationResult> VerifyAsync(string? storedHash, string password, CancellationToken cancellationToken = default)
    {
        var result = await OnHashingCoreAsync(() => _hasher.VerifyHashedPassword(AnyUser, storedHash ?? _decoyHash, password), cancellationToken);
        return storedHash is null ? PasswordVerificationResult.Failed : result;
    }

    public void Dispose() => _cores.Dispose();

    private async Task<T> OnHashingCoreAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _cores.WaitAsync(cancellationToken);
        try
        {
            return work();
        }
        finally
        {
            _cores.Release();
        }
    }
}
