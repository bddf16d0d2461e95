namespace Cohortly.Testing;

/// <summary>
/// The smallest cluster with more than one front end: a Cohortly.Silo process and two Cohortly.Frontend processes
/// (Orleans clients) on a fresh PostgreSQL database, configured only through the environment, as an operator would.
/// </summary>
public sealed class TwoFrontendCluster : IAsyncDisposable
{
    private readonly ProcessCluster _cluster;

    private TwoFrontendCluster(ProcessCluster cluster) => _cluster = cluster;

    public CohortlyApp One => _cluster.Frontends[0];

    public CohortlyApp Two => _cluster.Frontends[1];

    /// <param name="name">Names the cluster id and the temporary data folder.</param>
    /// <param name="environment">More settings for all three processes (an integration's endpoint, say).</param>
    public static async Task<TwoFrontendCluster> StartAsync(string name, IReadOnlyDictionary<string, string>? environment = null) =>
        new(await ProcessCluster.StartAsync(name, silos: 1, frontends: 2, environment));

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
