using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Cohortly.Common;
using NSec.Cryptography;

namespace Cohortly.Integrations.Certificates;

/// <summary>
/// The Ed25519 key that signs QR tokens and credentials, and the X.509 certificate that signs the PDFs. Both come from
/// <c>Cohortly:Certificates</c> when set; otherwise they are made once and kept in the data directory's <c>keys/</c>, like
/// the access-token key, so a restart keeps every issued certificate verifiable. A cluster must configure both.
/// </summary>
public sealed class CertificateKeys : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _signingKey;

    public CertificateKeys(byte[] ed25519Seed, X509Certificate2 pdfCertificate, string issuerName)
    {
        _signingKey = Key.Import(Ed25519, ed25519Seed, KeyBlobFormat.RawPrivateKey);
        PublicKey = _signingKey.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        PdfCertificate = pdfCertificate;
        IssuerName = issuerName;
        KeyId = Base64UrlThumbprint(PublicKey);
        // did:key: multibase base58btc of the Ed25519 multicodec prefix (0xed 0x01) and the public key. Verifiers
        // resolve it without any network call.
        var multibase = "z" + Base58.Encode([0xed, 0x01, .. PublicKey]);
        IssuerDid = "did:key:" + multibase;
        VerificationMethod = IssuerDid + "#" + multibase;
    }

    public byte[] PublicKey { get; }

    /// <summary>The JWK thumbprint (RFC 7638) of the public key.</summary>
    public string KeyId { get; }

    public string IssuerDid { get; }

    public string VerificationMethod { get; }

    public string IssuerName { get; }

    public X509Certificate2 PdfCertificate { get; }

    public byte[] Sign(ReadOnlySpan<byte> data) => Ed25519.Sign(_signingKey, data);

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        signature.Length == Ed25519.SignatureSize
        && Ed25519.Verify(NSec.Cryptography.PublicKey.Import(Ed25519, PublicKey, KeyBlobFormat.RawPublicKey), data, signature);

    /// <summary>The JWK set published at <c>/.well-known/cohortly/keys.json</c>.</summary>
    public JsonObject Jwks() => new()
    {
        ["keys"] = new JsonArray(new JsonObject
        {
            ["kty"] = "OKP",
            ["crv"] = "Ed25519",
            ["x"] = Base64Url(PublicKey),
            ["kid"] = KeyId,
            ["use"] = "sig",
            ["alg"] = "EdDSA",
        }),
    };

    public static CertificateKeys Load(CertificatesOptions options, DataDirectory data)
    {
        var seed = string.IsNullOrWhiteSpace(options.SigningKey)
            ? data.Key("certificate-ed25519.key", 32)
            : Convert.FromBase64String(options.SigningKey);
        if (seed.Length != 32)
        {
            throw new InvalidOperationException($"{CertificatesOptions.Section}:SigningKey must be the base64 of 32 bytes (an Ed25519 private key seed).");
        }
        var pfx = string.IsNullOrWhiteSpace(options.PdfCertificate)
            ? GeneratedPdfCertificate(data, options.IssuerName)
            : Convert.FromBase64String(options.PdfCertificate);
        var certificate = X509CertificateLoader.LoadPkcs12(pfx, options.PdfCertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{CertificatesOptions.Section}:PdfCertificate holds no private key.");
        }
        return new CertificateKeys(seed, certificate, options.IssuerName);
    }

    public void Dispose()
    {
        _signingKey.Dispose();
        PdfCertificate.Dispose();
    }

    public static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>A self-signed RSA certificate made on first use and kept as <c>keys/certificate-pdf.pfx</c>.</summary>
    private static byte[] GeneratedPdfCertificate(DataDirectory data, string issuerName) => data.KeptFile("certificate-pdf.pfx", () =>
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={issuerName} certificates", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var made = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));
        return made.Export(X509ContentType.Pkcs12);
    });

    private static string Base64UrlThumbprint(byte[] publicKey) =>
        Base64Url(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"{Base64Url(publicKey)}\"}}")));
}
