using System.Security.Cryptography;
using Cohortly.Common;
using Cohortly.Silo.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Cohortly.Frontend.Accounts;

/// <summary>The key access tokens are signed with.</summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    private const int MinimumBytes = 32;

    public SymmetricSecurityKey Key { get; } = key;

    /// <summary>
    /// From configuration when given. Otherwise, in embedded mode only, a key generated once and kept in the
    /// data directory, so a restart keeps everyone signed in; a cluster must share one configured key.
    /// </summary>
    public static SigningKey Load(AuthOptions auth, CohortlyOptions cohortly)
    {
        if (!string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            return FromBytes(Convert.FromBase64String(auth.SigningKey), "Cohortly:Auth:SigningKey");
        }
        if (cohortly.Mode != CohortlyMode.Embedded)
        {
            throw new InvalidOperationException(
                "Cluster mode needs Cohortly:Auth:SigningKey (env Cohortly__Auth__SigningKey): a base64 key of at least 32 bytes shared by every front end.");
        }
        return FromBytes(new DataDirectory(cohortly.DataDirectory).Key("jwt-signing.key", 64), "the data directory's keys/jwt-signing.key");
    }

    private static SigningKey FromBytes(byte[] bytes, string source) =>
        bytes.Length < MinimumBytes
            ? throw new InvalidOperationException($"The signing key in {source} is shorter than {MinimumBytes} bytes.")
            : new SigningKey(new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16] });
}
