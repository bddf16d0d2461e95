using Cohortly.Common;

namespace Cohortly.Bootcamps;

/// <summary>
/// A stateless worker per silo that serves catalog searches from a snapshot refreshed every second, so
/// browsing never queues on the single catalog grain.
/// </summary>
[Alias("cohortly.bootcamps.catalog-reader")]
public interface ICatalogReaderGrain : IGrainWithIntegerKey
{
    [Alias("search")]
    Task<PageSlice<CatalogEntry>> SearchAsync(string? text, string? tag, int page, int pageSize);

    /// <summary>Admins: how many bootcamps and active enrollments there are, and the bootcamps starting within <paramref name="soon"/>.</summary>
    [Alias("get-platform-stats")]
    Task<PlatformStats> GetPlatformStatsAsync(Caller caller, TimeSpan soon);
}
