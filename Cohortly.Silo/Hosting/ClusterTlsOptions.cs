namespace Cohortly.Silo.Hosting;

/// <summary>
/// The <c>Cohortly:Orleans:Tls</c> section. Every silo and front end of a cluster gets a certificate issued by the
/// cluster's own authority; a connection is accepted only from a peer that proves it holds one.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>PKCS#12 (.pfx) file with this process's certificate and private key. Setting it turns mutual TLS on.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>, if it has one (from a secret store, never a committed file).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The cluster's certificate authority (PEM or DER): peers' certificates must chain to it.</summary>
    public string? AuthorityPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
