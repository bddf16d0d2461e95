namespace Cohortly.Common;

public static class ShardPages
{
    /// <summary>
    /// One page of a list spread over shard grains, each of which answers its own first <c>take</c> rows in the list's
    /// order with its total: the merged page can only come from those rows, so no shard sends more than the page's end.
    /// A page past <paramref name="maxWindow"/> rows is empty (the total still counts every row).
    /// </summary>
    public static async Task<PageSlice<T>> MergeAsync<T>(
        int shards, int page, int pageSize, int maxWindow, IComparer<T> order, Func<int, int, Task<PageSlice<T>>> readShard)
    {
        var first = (page - 1) * pageSize;
        var take = Math.Min(first + pageSize, maxWindow);
        var slices = await Task.WhenAll(Enumerable.Range(0, shards).Select(shard => readShard(shard, take)));
        var items = slices.SelectMany(slice => slice.Items).Order(order).Skip(first).Take(Math.Max(0, take - first));
        return new PageSlice<T>([.. items], slices.Sum(slice => slice.Total));
    }
}
