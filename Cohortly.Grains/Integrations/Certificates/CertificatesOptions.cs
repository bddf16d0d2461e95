using System.ComponentModel.DataAnnotations;

namespace Cohortly.Integrations.Certificates;

/// <summary><c>Cohortly:Certificates</c>: the keys certificates are signed with. Unset keys are generated once in the data directory.</summary>
public sealed class CertificatesOptions
{
    public const string Section = "Cohortly:Certificates";

    /// <summary>Base64 of the 32-byte Ed25519 private key (seed) that signs QR tokens and credentials.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Base64 of a PKCS#12 file holding the X.509 certificate and private key that sign the PDFs.</summary>
    public string? PdfCertificate { get; set; }

    public string? PdfCertificatePassword { get; set; }

    /// <summary>The issuer's name in credentials and on the PDF signature.</summary>
    [Required, StringLength(80, MinimumLength = 1)]
    public string IssuerName { get; set; } = "Cohortly";
}
