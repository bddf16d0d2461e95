using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Cohortly.Common;

/// <summary>Random bearer secrets and the hashes we keep instead of them.</summary>
public static class SecureTokens
{
    /// <summary>256 random bits, URL-safe so the secret can travel in links and JSON unescaped.</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// A plain SHA-256 is enough here: the input already carries 256 bits of entropy, so there is
    /// nothing for a slow hash to protect against.
    /// </summary>
    public static string Hash(string secret) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>HMAC-SHA256 of <paramref name="message"/>, URL-safe: a signature that travels in links.</summary>
    public static string Sign(byte[] key, string message) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message)));

    /// <summary>Whether <paramref name="signature"/> is <see cref="Sign"/> of the message, compared in constant time.</summary>
    public static bool SignatureMatches(byte[] key, string message, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, message)), Encoding.ASCII.GetBytes(signature));

    public static bool Matches(string secret, string expectedHash) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Hash(secret)),
            Encoding.ASCII.GetBytes(expectedHash));
}
