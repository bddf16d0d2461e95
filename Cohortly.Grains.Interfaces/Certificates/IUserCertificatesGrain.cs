using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Cohortly.Certificates;

/// <summary>The certificate grain keys of one user's certificates (one per bootcamp, so a short list). Keyed by user id.</summary>
[Alias("cohortly.certificates.user-certificates")]
public interface IUserCertificatesGrain : IGrainWithStringKey
{
    [Alias("add")]
    Task AddAsync(string certificateKey);

    [Alias("list"), ReadOnly]
    Task<ImmutableArray<string>> ListAsync();
}
