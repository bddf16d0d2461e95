namespace Cohortly.Certificates;

/// <summary>Watches one bootcamp's grade events and issues a certificate when a student meets the rule. Keyed by bootcamp id.</summary>
[Alias("cohortly.certificates.certificate-issuer")]
public interface ICertificateIssuerGrain : IGrainWithStringKey
{
}
