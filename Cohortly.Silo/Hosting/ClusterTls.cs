using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Cohortly.Silo.Hosting;

/// <summary>
/// Mutual TLS on every Orleans connection of a cluster: silo to silo, front end to gateway. Without it the silo and
/// gateway ports accept anyone who can reach them, and grains trust the <c>Caller</c> a connected process hands them.
/// </summary>
public static class ClusterTls
{
    public static IEnumerable<string> Validate(ClusterTlsOptions tls)
    {
        if (!tls.Enabled)
        {
            if (!string.IsNullOrWhiteSpace(tls.AuthorityPath))
            {
                yield return "Cohortly:Orleans:Tls:AuthorityPath is set but Cohortly:Orleans:Tls:CertificatePath is not: set both to turn mutual TLS on.";
            }
            yield break;
        }
        if (string.IsNullOrWhiteSpace(tls.AuthorityPath))
        {
            yield return "Cohortly:Orleans:Tls:AuthorityPath must name the cluster's certificate authority when Cohortly:Orleans:Tls:CertificatePath is set.";
        }
        else if (!File.Exists(tls.AuthorityPath))
        {
            yield return $"Cohortly:Orleans:Tls:AuthorityPath names a file that does not exist: '{tls.AuthorityPath}'.";
        }
        if (!File.Exists(tls.CertificatePath))
        {
            yield return $"Cohortly:Orleans:Tls:CertificatePath names a file that does not exist: '{tls.CertificatePath}'.";
            yield break;
        }
        string? unreadable = null;
        try
        {
            using var certificate = LoadCertificate(tls);
            if (!certificate.HasPrivateKey)
            {
                unreadable = "Cohortly:Orleans:Tls:CertificatePath must hold the private key too (a .pfx file).";
            }
        }
        catch (CryptographicException failure)
        {
            unreadable = $"Cohortly:Orleans:Tls:CertificatePath could not be read with the configured password: {failure.Message}";
        }
        if (unreadable is not null)
        {
            yield return unreadable;
        }
    }

    public static void Apply(TlsOptions options, ClusterTlsOptions tls)
    {
        var authority = LoadAuthority(tls.AuthorityPath!);
        options.LocalCertificate = LoadCertificate(tls);
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, chain, _) => IssuedBy(authority, certificate, chain);
    }

    /// <summary>
    /// A peer is one of ours when its certificate chains to the cluster's authority. Host names are not checked: silos
    /// reach each other by the addresses in the membership table, and what a peer must prove is that it holds a key the
    /// authority certified, not which address it answers on.
    /// </summary>
    public static bool IssuedBy(X509Certificate2 authority, X509Certificate2 certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        // A private authority publishes no revocation lists; a leaked certificate is answered by a new authority.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return chain.Build(certificate);
    }

    private static X509Certificate2 LoadCertificate(ClusterTlsOptions tls) =>
        X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath!, tls.CertificatePassword);

    private static X509Certificate2 LoadAuthority(string path)
    {
        var text = File.ReadAllText(path);
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificateFromFile(path);
    }
}
