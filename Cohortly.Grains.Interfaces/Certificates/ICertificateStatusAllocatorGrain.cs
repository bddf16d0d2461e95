using Orleans.Concurrency;

namespace Cohortly.Certificates;

/// <summary>Hands each new certificate its own place in a status list, never the same one twice. A single grain (key 0).</summary>
[Alias("cohortly.certificates.certificate-status-allocator")]
public interface ICertificateStatusAllocatorGrain : IGrainWithIntegerKey
{
    [Alias("allocate")]
    Task<StatusListEntry> AllocateAsync();

    /// <summary>How many lists exist (numbered from 1): a higher number was never published.</summary>
    [Alias("list-count"), ReadOnly]
    Task<int> ListCountAsync();
}
