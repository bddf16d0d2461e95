using System.Globalization;
using Npgsql;

namespace Cohortly.Testing;

/// <summary>
/// A cluster as an operator runs it: Cohortly.Silo processes and Cohortly.Frontend processes (Orleans clients) on a
/// fresh PostgreSQL database, configured only through the environment, with the production membership and timeout
/// settings (none are shortened here, so the tests measure what production does).
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly TestPostgres _database;
    private readonly Dictionary<string, string> _environment;
    private readonly List<CohortlyProcess> _silos = [];
    private readonly List<(int Silo, int Gateway)> _siloPorts = [];
    private readonly List<CohortlyApp> _frontends = [];

    private ProcessCluster(TempDirectory data, TestPostgres database, Dictionary<string, string> environment)
    {
        (_data, _database, _environment) = (data, database, environment);
    }

    public IReadOnlyList<CohortlyProcess> Silos => _silos;

    /// <summary>Each silo's silo-to-silo and gateway port, in the order of <see cref="Silos"/>.</summary>
    public IReadOnlyList<(int Silo, int Gateway)> SiloPorts => _siloPorts;

    public IReadOnlyList<CohortlyApp> Frontends => _frontends;

    public string ConnectionString => _database.ConnectionString;

    /// <param name="name">Names the cluster id and the temporary data folder.</param>
    /// <param name="silos">Silo processes, started one after the other until each has joined.</param>
    /// <param name="frontends">Front ends, started once the silos are active.</param>
    /// <param name="environment">More settings for every process (an integration's endpoint, say).</param>
    public static async Task<ProcessCluster> StartAsync(string name, int silos, int frontends, IReadOnlyDictionary<string, string>? environment = null)
    {
        var data = new TempDirectory("cohortly-" + name);
        var database = await TestPostgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["Cohortly__Mode"] = "Cluster",
            // Several processes share the machine's PostgreSQL with every other cluster test running in parallel;
            // small pools keep them under its connection limit (they wait for a connection, never fail).
            ["ConnectionStrings__Cohortly"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 5 }.ToString(),
            ["Cohortly__Orleans__ClusterId"] = name + "-" + Guid.NewGuid().ToString("N")[..8],
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
        };
        foreach (var (key, value) in ClusterSecrets.Settings())
        {
            settings.TryAdd(key, value);
        }
        var cluster = new ProcessCluster(data, database, settings);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                await cluster.StartSiloAsync();
            }
            for (var i = 0; i < frontends; i++)
            {
                cluster._frontends.Add(await CohortlyApp.StartAsync(Path.Combine(data.Path, "frontend" + i), settings));
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Ends a silo at once (kill -9): no leaving the cluster, nothing handed over.</summary>
    public Task KillSiloAsync(int index) => _silos[index].KillAsync();

    /// <summary>Starts one more silo and waits until it is active in the membership table (a scale-out).</summary>
    public Task AddSiloAsync() => StartSiloAsync();

    private async Task StartSiloAsync()
    {
        var ports = (Silo: Ports.Free(), Gateway: Ports.Free());
        _siloPorts.Add(ports);
        _silos.Add(CohortlyProcess.Start("Cohortly.Silo", new Dictionary<string, string>(_environment)
        {
            ["Cohortly__Orleans__SiloPort"] = ports.Silo.ToString(CultureInfo.InvariantCulture),
            ["Cohortly__Orleans__GatewayPort"] = ports.Gateway.ToString(CultureInfo.InvariantCulture),
        }));
        await ClusterMembership.WaitForActiveSilosAsync(_database.ConnectionString, _environment["Cohortly__Orleans__ClusterId"], _silos.Count, _silos);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var frontend in _frontends)
        {
            await frontend.DisposeAsync();
        }
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
        await _database.DisposeAsync();
        _data.Dispose();
    }
}
