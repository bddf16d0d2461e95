using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Accounts;

[StatelessWorker]
[GrainType("userdirectoryreader")]
public sealed class UserDirectoryReaderGrain : Grain, IUserDirectoryReaderGrain
{
    public Task<PageSlice<UserProfile>> SearchAsync(Caller caller, string? text, int page, int pageSize)
    {
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins can search users.");
        }
        return ShardPages.MergeAsync(IUserDirectoryShardGrain.Shards, page, pageSize, IUserDirectoryReaderGrain.MaxWindow, UserDirectoryOrder.Comparer,
            (shard, take) => GrainFactory.GetGrain<IUserDirectoryShardGrain>(shard).SearchAsync(text, take));
    }
}
