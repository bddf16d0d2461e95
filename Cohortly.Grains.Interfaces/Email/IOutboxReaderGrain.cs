using Cohortly.Common;

namespace Cohortly.Email;

/// <summary>Reads the outbox across its shards for the admin listing.</summary>
[Alias("cohortly.email.outbox-reader")]
public interface IOutboxReaderGrain : IGrainWithIntegerKey
{
    /// <summary>Admins only.</summary>
    [Alias("list")]
    Task<PageSlice<OutboxEntry>> ListAsync(Caller caller, OutboxStatus? status, int page, int pageSize);
}
