using Cohortly.Silo.Persistence;
using Cohortly.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Cohortly.Grains.Tests.Persistence;

/// <summary>
/// The group-commit grain storage against Orleans' ADO.NET provider on one SQLite file: what either wrote, the other
/// reads, so a data directory from before the group commit opens unchanged (and could be opened by the old build again).
/// </summary>
public sealed class SqliteGrainStorageTests : IAsyncLifetime
{
    private const string ServiceId = "storage-compat";
    private readonly TempDirectory _data = new("cohortly-storage");
    private ServiceProvider _services = null!;
    private SqliteGroupCommit _commit = null!;
    private AdoNetGrainStorage _old = null!;
    private SqliteGrainStorage _new = null!;

    private static readonly GrainId[] Grains =
    [
        GrainId.Create("bootcamp", "3f1c0a2e9b7d4c55a1e0f00d2c9b8a71"),
        GrainId.Create(GrainType.Create("roster-page"), GrainIdKeyExtensions.CreateGuidKey(Guid.Parse("6b7e3a1c-2f44-4d1e-9a0b-55c3e2d1f0aa"), "page-3")),
        GrainId.Create(GrainType.Create("counter"), GrainIdKeyExtensions.CreateIntegerKey(42)),
        GrainId.Create(GrainType.Create("counter"), GrainIdKeyExtensions.CreateIntegerKey(-7, "weekly")),
    ];

    public async Task InitializeAsync()
    {
        var connectionString = ClusterFixture.SqliteConnectionString(_data.Path);
        DatabaseSchema.RegisterProviders();
        await DatabaseSchema.EnsureSqliteAsync(connectionString);
        var collection = new ServiceCollection();
        collection.AddSerializer();
        collection.AddLogging();
        collection.Configure<ClusterOptions>(cluster => cluster.ServiceId = ServiceId);
        collection.AddOptions<AdoNetGrainStorageOptions>("old").Configure<IServiceProvider>((options, services) =>
        {
            options.Invariant = DatabaseSchema.SqliteInvariant;
            options.ConnectionString = connectionString;
            options.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
        });
        _services = collection.BuildServiceProvider();
        _old = AdoNetGrainStorageFactory.Create(_services, "old");
        var lifecycle = new StartOnlyLifecycle();
        _old.Participate(lifecycle);
        await lifecycle.StartAsync();
        _commit = new SqliteGroupCommit(connectionString, NullLogger<SqliteGroupCommit>.Instance);
        _new = new SqliteGrainStorage("new", ServiceId, connectionString, _commit,
            ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(_services), _services.GetRequiredService<IActivatorProvider>());
    }

    public async Task DisposeAsync()
    {
        await _commit.DisposeAsync();
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    [Fact]
    public async Task StateTheAdoNetProviderWroteReadsBackWithItsVersionAndTheProviderReadsWhatTheGroupCommitWrote()
    {
        foreach (var grain in Grains)
        {
            var written = new GrainState<List<string>> { State = ["written by the ADO.NET provider", grain.ToString()] };
            await _old.WriteStateAsync("state", grain, written);

            var read = new GrainState<List<string>>();
            await _new.ReadStateAsync("state", grain, read);
            Assert.True(read.RecordExists, $"{grain} was not found");
            Assert.Equal(written.State, read.State);
            Assert.Equal(written.ETag, read.ETag);

            read.State!.Add("then by the group commit");
            await _new.WriteStateAsync("state", grain, read);

            var again = new GrainState<List<string>>();
            await _old.ReadStateAsync("state", grain, again);
            Assert.Equal(read.State, again.State);
            Assert.Equal(read.ETag, again.ETag);
        }
        var fresh = GrainId.Create("bootcamp", "never-written-by-the-old-provider");
        var first = new GrainState<List<string>> { State = ["first written by the group commit"] };
        await _new.WriteStateAsync("state", fresh, first);
        var seen = new GrainState<List<string>>();
        await _old.ReadStateAsync("state", fresh, seen);
        Assert.Equal(first.State, seen.State);
        Assert.Equal(first.ETag, seen.ETag);
    }

    [Fact]
    public async Task AStaleWriteInAGroupFailsAloneWhileTheWritesCommittedWithItAreStored()
    {
        var contested = GrainId.Create("bootcamp", "contested");
        var first = new GrainState<List<string>> { State = ["one"] };
        await _new.WriteStateAsync("state", contested, first);
        var stale = new GrainState<List<string>> { State = ["stale"], ETag = first.ETag, RecordExists = true };
        var current = new GrainState<List<string>> { State = ["two"], ETag = first.ETag, RecordExists = true };
        await _new.WriteStateAsync("state", contested, current);

        var others = Enumerable.Range(0, 40)
            .Select(i => (Grain: GrainId.Create("bootcamp", $"beside-{i}"), State: new GrainState<List<string>> { State = [$"value {i}"] }))
            .ToList();
        var writes = others.Select(other => _new.WriteStateAsync("state", other.Grain, other.State)).ToList();
        var staleWrite = _new.WriteStateAsync("state", contested, stale);
        await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        await Task.WhenAll(writes);

        foreach (var (grain, state) in others)
        {
            var read = new GrainState<List<string>>();
            await _old.ReadStateAsync("state", grain, read);
            Assert.Equal(state.State, read.State);
        }
        var kept = new GrainState<List<string>>();
        await _new.ReadStateAsync("state", contested, kept);
        Assert.Equal(["two"], kept.State);
    }

    [Fact]
    public async Task ASecondFirstWriteOfOneGrainIsAConflictAndAClearKeepsCountingVersions()
    {
        var grain = GrainId.Create("bootcamp", "twice-activated");
        var winner = new GrainState<List<string>> { State = ["winner"] };
        await _new.WriteStateAsync("state", grain, winner);
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _new.WriteStateAsync("state", grain, new GrainState<List<string>> { State = ["loser"] }));

        await _new.ClearStateAsync("state", grain, winner);
        Assert.False(winner.RecordExists);
        var cleared = new GrainState<List<string>>();
        await _old.ReadStateAsync("state", grain, cleared);
        Assert.Empty(cleared.State!);
        Assert.Equal(winner.ETag, cleared.ETag);
    }

    /// <summary>Runs what a provider subscribed to a silo's start, which is all a provider needs outside a silo.</summary>
    private sealed class StartOnlyLifecycle : ISiloLifecycle
    {
        private readonly List<(int Stage, ILifecycleObserver Observer)> _observers = [];

        public int HighestCompletedStage { get; private set; }

        public int LowestStoppedStage => int.MaxValue;

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            _observers.Add((stage, observer));
            return new NoSubscription();
        }

        public async Task StartAsync()
        {
            foreach (var (stage, observer) in _observers.OrderBy(entry => entry.Stage))
            {
                await observer.OnStart(CancellationToken.None);
                HighestCompletedStage = stage;
            }
        }

        private sealed class NoSubscription : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
