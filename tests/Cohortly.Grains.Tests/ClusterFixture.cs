using Cohortly.Accounts;
using Cohortly.Common;
using Cohortly.Silo.Hosting;
using Cohortly.Silo.Persistence;
using Cohortly.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Cohortly.Grains.Tests;

/// <summary>
/// A two-silo Orleans test cluster whose grain state and reminders live in a real SQLite file through the
/// same persistence configuration the product uses, so state outlives the silo that held it.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string DataDirectoryKey = "CohortlyTest:DataDirectory";
    private readonly TempDirectory _data = new("cohortly-grains");

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public string DataDirectory => _data.Path;

    /// <summary>The first account ever registered on this cluster, made before any test runs: the admin.</summary>
    public UserProfile FirstAccount { get; private set; } = null!;

    public static string SqliteConnectionString(string dataDirectory) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "cohortly.db"), DefaultTimeout = 30 }.ToString();

    public async Task InitializeAsync()
    {
        DatabaseSchema.RegisterProviders();
        await DatabaseSchema.EnsureSqliteAsync(SqliteConnectionString(_data.Path));
        var builder = new TestClusterBuilder(2);
        builder.Properties[DataDirectoryKey] = _data.Path;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        var first = await Grains.GetGrain<IEmailIndexGrain>("first-admin@example.com")
            .RegisterAsync(new NewAccount("first-admin@example.com", "First Admin", "hash"));
        FirstAccount = first.Profile!;
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        _data.Dispose();
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
            silo.AddCohortlyPersistence(new CohortlyDatabase(DatabaseSchema.SqliteInvariant, SqliteConnectionString(dataDirectory)));
            silo.Services.AddCohortlyGrainServices(new DataDirectory(dataDirectory));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Two-silo cluster on SQLite";
}
