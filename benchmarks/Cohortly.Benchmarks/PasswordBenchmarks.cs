using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Cohortly.Frontend.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Cohortly.Benchmarks;

/// <summary>Registration's and password reset's policy check: length in text elements, the common list, the user's own words.</summary>
public class PasswordPolicyBenchmarks
{
    private readonly PasswordPolicy _policy = new();

    /// <summary>An accepted passphrase (walks every check) and a listed one (stops at the common list).</summary>
    [Params("correct horse battery staple", "password123")]
    public string Password { get; set; } = "";

    /// <summary>
    /// The floor any Unicode-aware policy pays: the length in user-perceived characters (a bare Length check is
    /// too cheap for BenchmarkDotNet to tell from an empty method, so it would give no ratio).
    /// </summary>
    [Benchmark(Baseline = true)]
    public bool LengthInTextElementsOnly() => new StringInfo(Password).LengthInTextElements >= PasswordPolicy.MinLength;

    [Benchmark]
    public string? PasswordPolicyCheck() => _policy.Check(Password, "ada.lovelace@example.com", "Ada Lovelace");
}

/// <summary>
/// PBKDF2 through ASP.NET Core Identity's PasswordHasher (the Frontend's <see cref="Passwords"/>), which login pays
/// on every attempt and registration once. Slow by design: the iteration count is the defence against offline guessing.
/// </summary>
public class PasswordHashBenchmarks
{
    private const string Password = "correct horse battery staple";
    private readonly Passwords _passwords = new();
    private string _storedHash = "";
    private byte[] _salt = [];
    private int _iterations;
    private int _subkeyBytes;
    private HashAlgorithmName _prf;

    [GlobalSetup]
    public void Setup()
    {
        _storedHash = _passwords.HashAsync(Password).GetAwaiter().GetResult();
        // Identity v3 format: 0x01, PRF, iteration count, salt length (big-endian uint32s), salt, subkey. Read from a
        // real hash so the baseline runs exactly the derivation Identity runs, whatever its defaults become.
        var bytes = Convert.FromBase64String(_storedHash);
        if (bytes[0] != 0x01)
        {
            throw new InvalidOperationException($"Not an Identity v3 hash (format marker {bytes[0]}).");
        }
        _prf = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)) switch
        {
            0 => HashAlgorithmName.SHA1,
            1 => HashAlgorithmName.SHA256,
            2 => HashAlgorithmName.SHA512,
            var other => throw new InvalidOperationException($"Unknown PRF {other}."),
        };
        _iterations = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5));
        var saltBytes = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9));
        _salt = bytes.AsSpan(13, saltBytes).ToArray();
        _subkeyBytes = bytes.Length - 13 - saltBytes;
        Console.WriteLine($"// Identity v3 hash: PBKDF2-HMAC-{_prf.Name}, {_iterations} iterations, {saltBytes}-byte salt, {_subkeyBytes}-byte subkey");
        if (PasswordsVerify().GetAwaiter().GetResult() != PasswordVerificationResult.Success)
        {
            throw new InvalidOperationException("The benchmark hash does not verify.");
        }
    }

    /// <summary>The floor: the bare PBKDF2 derivation with the same parameters, without Identity's format handling.</summary>
    [Benchmark(Baseline = true)]
    public byte[] RawPbkdf2() => Rfc2898DeriveBytes.Pbkdf2(Password, _salt, _iterations, _prf, _subkeyBytes);

    /// <summary>What login does with a correct password (one caller, so the hashing gate never makes it wait).</summary>
    [Benchmark]
    public Task<PasswordVerificationResult> PasswordsVerify() => _passwords.VerifyAsync(_storedHash, Password);

    /// <summary>What registration and password reset do.</summary>
    [Benchmark]
    public Task<string> PasswordsHash() => _passwords.HashAsync(Password);

    [GlobalCleanup]
    public void Cleanup() => _passwords.Dispose();
}
