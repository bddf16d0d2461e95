using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace Cohortly.Testing;

/// <summary>
/// The smallest cluster with more than one front end: a Cohortly.Silo process and two Cohortly.Frontend processes
/// (Orleans clients) on a fresh PostgreSQL database, configured only through the environment, as an operator would.
/// </summary>
public sealed class TwoFrontendCluster : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly TestPostgres _database;
    private readonly CohortlyProcess _silo;

    private TwoFrontendCluster(TempDirectory data, TestPostgres database, CohortlyProcess silo, CohortlyApp one, CohortlyApp two)
    {
        (_data, _database, _silo, One, Two) = (data, database, silo, one, two);
    }

    public CohortlyApp One { get; }

    public CohortlyApp Two { get; }

    /// <param name="name">Names the cluster id and the temporary data folder.</param>
    /// <param name="environment">More settings for all three processes (an integration's endpoint, say).</param>
    public static async Task<TwoFrontendCluster> StartAsync(string name, IReadOnlyDictionary<string, string>? environment = null)
    {
        var data = new TempDirectory("cohortly-" + name);
        var database = await TestPostgres.CreateDatabaseAsync();
        var cluster = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["Cohortly__Mode"] = "Cluster",
            // Three processes share the machine's PostgreSQL with every other cluster test running in parallel;
            // small pools keep them under its connection limit (they wait for a connection, never fail).
            ["ConnectionStrings__Cohortly"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 5 }.ToString(),
            ["Cohortly__Orleans__ClusterId"] = name + "-" + Guid.NewGuid().ToString("N")[..8],
            ["Cohortly__Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
        };
        var silo = CohortlyProcess.Start("Cohortly.Silo", new Dictionary<string, string>(cluster)
        {
            ["Cohortly__Orleans__SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            ["Cohortly__Orleans__GatewayPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
        });
        await ClusterMembership.WaitForActiveSilosAsync(database.ConnectionString, cluster["Cohortly__Orleans__ClusterId"], 1, [silo]);
        var one = await CohortlyApp.StartAsync(Path.Combine(data.Path, "one"), cluster);
        var two = await CohortlyApp.StartAsync(Path.Combine(data.Path, "two"), cluster);
        return new TwoFrontendCluster(data, database, silo, one, two);
    }

    public async ValueTask DisposeAsync()
    {
        await One.DisposeAsync();
        await Two.DisposeAsync();
        await _silo.DisposeAsync();
        await _database.DisposeAsync();
        _data.Dispose();
    }
}
