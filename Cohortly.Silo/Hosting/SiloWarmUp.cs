using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Cohortly.Silo.Hosting;

/// <summary>
/// Warms a cluster silo before it becomes active, so the first grain calls it is given do not outlast the front end's
/// 4 s timeout (<see cref="ClusterTimeouts.FrontendCallTimeout"/>) and answer 503. Measured with SiloJoinTests on the
/// loaded 2-core test machine: a silo joining under load dropped an email-index registration and an enrollment as
/// expired (over 4 s) in its first seconds, while its scheduler logged 1-3 s turns: first PostgreSQL connections (Npgsql
/// authenticates and loads the database's types on a pool's first open), the storage's first queries, and JIT of the
/// grain, codec and proxy code each grain kind runs first. Each of those is done here instead, before membership
/// routes anything to this silo (3.5-7.7 s on that machine, most of it JIT). Bounded by <see cref="Budget"/>: a warm-up
/// cut short only means colder first calls, so it never stops a silo from starting. Cluster mode only: an embedded
/// process takes no calls before it is up. Not cured by this: registrations sent in the second the silo becomes active
/// can still wait out the timeout (new activations then wait for the grain directory's hand-over to the new silo).
/// </summary>
internal sealed class SiloWarmUp(IServiceProvider services, CohortlyDatabase database, ILogger<SiloWarmUp> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    /// <summary>Connections opened side by side, so the first concurrent grain reads find them open.</summary>
    private const int PoolConnections = 3;

    /// <summary>A warm-up call that takes longer is abandoned (the silo starts colder), so it cannot eat the whole budget.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private static readonly Assembly[] OwnAssemblies = [typeof(ICatalogShardGrain).Assembly, typeof(CatalogShardGrain).Assembly];

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloWarmUp), ServiceLifecycleStage.BecomeActive - 1, WarmAsync);

    private async Task WarmAsync(CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        var clock = Stopwatch.StartNew();
        // Input/output and CPU side by side: the database round trips wait, the JIT works.
        var steps = await Task.WhenAll(
            StepsAsync(budget.Token, ("database connections", OpenConnectionsAsync), ("grain storage", ReadStorageAsync),
                ("grain calls", CallGrainsAsync)),
            StepsAsync(budget.Token, ("serializers", token => Task.Run(() => TouchSerializers(token), token)),
                ("grain code", token => Task.Run(() => PrepareGrainCode(token), token))));
        logger.LogInformation("Silo warmed up in {Elapsed} ms before joining ({Steps}){CutShort}",
            clock.ElapsedMilliseconds, string.Join(", ", steps.SelectMany(step => step)),
            budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? $"; cut short at {Budget.TotalSeconds:0} s" : "");
    }

    private async Task<List<string>> StepsAsync(CancellationToken token, params (string Name, Func<CancellationToken, Task<int>> Run)[] steps)
    {
        var done = new List<string>();
        foreach (var (name, run) in steps)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var count = await run(token);
                done.Add($"{name}: {count} in {clock.ElapsedMilliseconds} ms");
            }
            catch (Exception failed) when (failed is not OperationCanceledException || !token.IsCancellationRequested)
            {
                logger.LogWarning(failed, "Silo warm-up step {Step} failed after {Elapsed} ms; the silo starts colder", name, clock.ElapsedMilliseconds);
                done.Add($"{name}: failed");
            }
            catch (OperationCanceledException)
            {
                done.Add($"{name}: stopped at {clock.ElapsedMilliseconds} ms");
                break;
            }
        }
        return done;
    }

    private async Task<int> OpenConnectionsAsync(CancellationToken token)
    {
        var factory = DbProviderFactories.GetFactory(database.Invariant);
        // Opened together and closed together: each goes back to the pool the storage, reminders and membership share.
        var connections = await Task.WhenAll(Enumerable.Range(0, PoolConnections).Select(async _ =>
        {
            var connection = factory.CreateConnection()!;
            connection.ConnectionString = database.ConnectionString;
            await connection.OpenAsync(token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(token);
            return connection;
        }));
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        return connections.Length;
    }

    /// <summary>The grain storage's read path (its query, the row lookup, the state activator) on a key nothing uses.</summary>
    private async Task<int> ReadStorageAsync(CancellationToken token)
    {
        var storage = services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Cohortly);
        var state = new GrainState<CatalogShardState>();
        await storage.ReadStateAsync("silo-warm-up", GrainId.Create("silowarmup", Guid.NewGuid().ToString("N")), state).WaitAsync(token);
        return 1;
    }

    /// <summary>
    /// Orleans' own paths, end to end: stateless workers activate on the calling silo even before it is active, so the
    /// ping activates and answers here, and a catalog reader here asks every catalog shard (on the active silos) for its
    /// rows: outgoing messages, directory lookups, incoming requests and responses, each run once.
    /// </summary>
    private async Task<int> CallGrainsAsync(CancellationToken token)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IPingGrain>(0).PingAsync().WaitAsync(CallTimeout, token);
        await grains.GetGrain<ICatalogReaderGrain>(0).SearchAsync(null, null, 1, 1).WaitAsync(CallTimeout, token);
        return 2;
    }

    /// <summary>
    /// Every serializable Cohortly type's codec and copier resolved, and a round trip of each that can be made empty:
    /// the codecs' code is compiled here rather than on a grain call's critical path.
    /// </summary>
    private int TouchSerializers(CancellationToken token)
    {
        var codecs = services.GetRequiredService<ICodecProvider>();
        var serializer = services.GetRequiredService<Serializer>();
        var touched = 0;
        foreach (var type in OwnAssemblies.SelectMany(LoadableTypes)
            .Where(type => type.GetCustomAttribute<GenerateSerializerAttribute>() is not null && !type.IsGenericTypeDefinition && !type.IsAbstract))
        {
            token.ThrowIfCancellationRequested();
            try
            {
                codecs.GetCodec(type);
                if (type.GetConstructor(Type.EmptyTypes) is not null)
                {
                    serializer.Deserialize<object>(serializer.SerializeToArray<object>(Activator.CreateInstance(type)!));
                }
                touched++;
            }
            catch (Exception notEmptyable) when (notEmptyable is not OperationCanceledException)
            {
                // A type that cannot be made empty still had its codec resolved.
                logger.LogDebug(notEmptyable, "Silo warm-up: no empty round trip for {Type}", type);
            }
        }
        return touched;
    }

    /// <summary>Our grains', records' and generated proxies' and codecs' methods compiled ahead of their first call.</summary>
    private static int PrepareGrainCode(CancellationToken token)
    {
        var prepared = 0;
        foreach (var type in OwnAssemblies.SelectMany(LoadableTypes).Where(type => !type.ContainsGenericParameters))
        {
            token.ThrowIfCancellationRequested();
            foreach (var method in type.GetMethods(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(method => !method.IsAbstract && !method.ContainsGenericParameters && method.GetMethodBody() is not null))
            {
                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    prepared++;
                }
                catch (Exception unpreparable) when (unpreparable is ArgumentException or BadImageFormatException or TypeLoadException)
                {
                    // Left to the JIT on first call, as without a warm-up.
                }
            }
        }
        return prepared;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partly)
        {
            return partly.Types.OfType<Type>();
        }
    }
}
