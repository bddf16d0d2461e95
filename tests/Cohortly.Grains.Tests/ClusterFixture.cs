using Cohortly.Accounts;
using Cohortly.Common;
using Cohortly.Silo.Hosting;
using Cohortly.Silo.Persistence;
using Cohortly.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Cohortly.Grains.Tests;

/// <summary>
/// A two-silo Orleans test cluster whose grain state and reminders live in a real SQLite file through the
/// same persistence configuration the product uses, so state outlives the silo that held it.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string DataDirectoryKey = "CohortlyTest:DataDirectory";
    private readonly TempDirectory? _ownData;
    private readonly string _dataDirectory;
    private readonly int _silos;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public ClusterFixture()
        : this(null, 2, new Dictionary<string, string>())
    {
    }

    private ClusterFixture(string? dataDirectory, int silos, IReadOnlyDictionary<string, string> settings)
    {
        _ownData = dataDirectory is null ? new TempDirectory("cohortly-grains") : null;
        _dataDirectory = dataDirectory ?? _ownData!.Path;
        _silos = silos;
        _settings = settings;
    }

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public string ServiceId => Cluster.Options.ServiceId;

    /// <summary>
    /// A cluster on the given data directory (kept when the cluster is disposed, so a second cluster can start on what
    /// the first left, as a restarted process does), with configuration settings its silos read.
    /// </summary>
    public static ClusterFixture On(string dataDirectory, int silos, IReadOnlyDictionary<string, string> settings) =>
        new(dataDirectory, silos, settings);

    public string DataDirectory => _dataDirectory;

    /// <summary>The first silo's services (its grain storage, its reminder table), for tests that read or write beneath the grains.</summary>
    public IServiceProvider PrimarySiloServices =>
        (Cluster.Primary as InProcessSiloHandle)?.SiloHost?.Services ?? throw new InvalidOperationException("The primary silo is not running.");

    /// <summary>The first account ever registered on this cluster, made before any test runs: the admin.</summary>
    public UserProfile FirstAccount { get; private set; } = null!;

    public static string SqliteConnectionString(string dataDirectory) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "cohortly.db"), DefaultTimeout = 30 }.ToString();

    /// <summary>A grain state's row version, which counts its writes (0 for a grain never stored), read beneath the grains from the SQLite file.</summary>
    public async Task<long> StoredVersionAsync(string stateName, string key)
    {
        await using var connection = new SqliteConnection(SqliteConnectionString(DataDirectory));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$state", stateName);
        // Orleans stores a key that reads as a Guid (ids are 32 hex digits) as the Guid's two halves, any other whole.
        if (Guid.TryParseExact(key, "N", out var guid))
        {
            command.CommandText = "SELECT Version FROM OrleansStorage WHERE GrainTypeString = $state AND GrainIdN0 = $n0 AND GrainIdN1 = $n1";
            command.Parameters.AddWithValue("$n0", BitConverter.ToInt64(guid.ToByteArray(), 0));
            command.Parameters.AddWithValue("$n1", BitConverter.ToInt64(guid.ToByteArray(), 8));
        }
        else
        {
            command.CommandText = "SELECT Version FROM OrleansStorage WHERE GrainTypeString = $state AND GrainIdExtensionString = $key";
            command.Parameters.AddWithValue("$key", key);
        }
        return await command.ExecuteScalarAsync() is long version ? version : 0;
    }

    public async Task InitializeAsync()
    {
        DatabaseSchema.RegisterProviders();
        await DatabaseSchema.EnsureSqliteAsync(SqliteConnectionString(_dataDirectory));
        var builder = new TestClusterBuilder((short)_silos);
        builder.Properties[DataDirectoryKey] = _dataDirectory;
        if (_ownData is null)
        {
            // Grain state and reminders are stored per service id, which a test cluster otherwise draws anew each time:
            // a cluster restarted on the same data must be the same service to find them.
            builder.Options.ServiceId = Path.GetFileName(_dataDirectory);
        }
        foreach (var (key, value) in _settings)
        {
            builder.Properties[key] = value;
        }
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        var firstAdmin = Grains.GetGrain<IEmailIndexGrain>("first-admin@example.com");
        var first = await firstAdmin.RegisterAsync(new NewAccount("first-admin@example.com", "First Admin", "hash"));
        // A cluster restarted on an earlier cluster's data finds the admin already there.
        FirstAccount = first.Profile ?? (await Grains.GetGrain<IUserGrain>((await firstAdmin.GetUserIdAsync())!).GetProfileAsync())!;
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _ownData?.Dispose();
    }

    /// <summary>The test client listens to domain event streams the way a front end will.</summary>
    internal sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client) => client.AddCohortlyEventStreams();
    }

    internal sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var dataDirectory = silo.Configuration[DataDirectoryKey]!;
            if (silo.Configuration[OffsetClock.SettingKey] is { } clock)
            {
                // Before the grain services, which only add the system clock when none is registered.
                silo.Services.AddSingleton<TimeProvider>(OffsetClock.For(clock));
            }
            silo.AddCohortlyPersistence(new CohortlyDatabase(DatabaseSchema.SqliteInvariant, SqliteConnectionString(dataDirectory)));
            silo.Services.AddCohortlyGrainServices(new DataDirectory(dataDirectory));
            // The grains' storage behind the fault switch (StorageFaults), which only tests that arm it use.
            var storage = silo.Services.Last(service => service.ServiceType == typeof(IGrainStorage) && Equals(service.ServiceKey, StorageNames.Cohortly));
            silo.Services.Remove(storage);
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Cohortly, (services, key) =>
                new FaultyGrainStorage((IGrainStorage)storage.KeyedImplementationFactory!(services, key), StorageFaults.Shared,
                    services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Two-silo cluster on SQLite";
}
