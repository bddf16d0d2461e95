using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Certificates;

/// <summary>A bootcamp's certificate rule and template, keyed by bootcamp id.</summary>
[Alias("cohortly.certificates.certificate-settings")]
public interface ICertificateSettingsGrain : IGrainWithStringKey
{
    /// <summary>The bootcamp's staff and admins.</summary>
    [Alias("get-for")]
    Task<CertificateSettings> GetAsync(Caller caller);

    [Alias("set")]
    Task<CertificateSettings> SetAsync(Caller caller, CertificateSettings settings);

    /// <summary>For the grains that issue: no access check.</summary>
    [Alias("current"), ReadOnly]
    Task<CertificateSettings> CurrentAsync();
}
