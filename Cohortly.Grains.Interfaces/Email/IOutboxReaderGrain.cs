using Cohortly.Common;

namespace Cohortly.Email;

/// <summary>Reads the outbox across its shards for the admin listing.</summary>
[Alias("cohortly.email.outbox-reader")]
public interface IOutboxReaderGrain : IGrainWithIntegerKey
{
    [Alias("list")]
    Task<PageSlice<OutboxEntry>> ListAsync(OutboxStatus? status, int page, int pageSize);
}
