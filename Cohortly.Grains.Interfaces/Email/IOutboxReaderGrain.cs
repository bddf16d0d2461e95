using System.Collections.Immutable;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>Reads the outbox across its shards for the admin listing.</summary>
[Alias("cohortly.email.outbox-reader")]
public interface IOutboxReaderGrain : IGrainWithIntegerKey
{
    [Alias("list")]
    Task<PageSlice<OutboxEntry>> ListAsync(OutboxStatus? status, int page, int pageSize);
}
