using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cohortly.Testing;

/// <summary>
/// The keys a cluster's processes must share (cluster mode refuses to start without them): the access-token key, the
/// certificates' Ed25519 seed and PDF-signing certificate, and the Stripe webhook secret. Made once per test run.
/// </summary>
public static class ClusterSecrets
{
    private static readonly Lazy<string> PdfCertificate = new(() =>
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Cohortly test certificates", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pfx));
    });

    /// <summary>As environment variables (<c>__</c>) or configuration keys (<c>:</c>).</summary>
    public static Dictionary<string, string> Settings(string separator = "__") => new()
    {
        [$"Cohortly{separator}Auth{separator}SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        [$"Cohortly{separator}Certificates{separator}SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        [$"Cohortly{separator}Certificates{separator}PdfCertificate"] = PdfCertificate.Value,
        [$"Cohortly{separator}Stripe{separator}WebhookSecret"] = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        [$"Cohortly{separator}Meetings{separator}CheckInKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };
}
