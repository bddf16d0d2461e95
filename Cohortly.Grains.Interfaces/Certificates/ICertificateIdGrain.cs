using Orleans.Concurrency;

namespace Cohortly.Certificates;

/// <summary>Keyed by a certificate's public id: which certificate grain holds it, so verification needs only the id.</summary>
[Alias("cohortly.certificates.certificate-id")]
public interface ICertificateIdGrain : IGrainWithStringKey
{
    [Alias("set")]
    Task SetAsync(string certificateKey);

    [Alias("get"), ReadOnly]
    Task<string?> GetAsync();
}
