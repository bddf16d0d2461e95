using Cohortly.Common;

namespace Cohortly.Analytics;

/// <summary>Assembles the platform view from the index and the month grains; a stateless worker per silo. Key 0.</summary>
[Alias("cohortly.analytics.platform-reader")]
public interface IPlatformReaderGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Admins only.</summary>
    [Alias("get-platform")]
    Task<PlatformView> GetPlatformAsync(Caller caller);
}
