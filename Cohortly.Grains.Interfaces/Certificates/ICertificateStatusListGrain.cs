using Orleans.Concurrency;

namespace Cohortly.Certificates;

/// <summary>
/// One W3C Bitstring Status List of revocation bits, keyed by its list number ("1", "2", …). A bit is set when its
/// certificate is revoked; the list is published as a signed <c>BitstringStatusListCredential</c>.
/// </summary>
[Alias("cohortly.certificates.certificate-status-list")]
public interface ICertificateStatusListGrain : IGrainWithStringKey
{
    /// <summary>131,072 bits (16 KiB), the W3C minimum for herd privacy: one revoked bit hides among many.</summary>
    public const int Bits = 131_072;

    [Alias("set")]
    Task SetAsync(int index, bool revoked);

    [Alias("get"), ReadOnly]
    Task<StatusListSnapshot> GetAsync();
}
