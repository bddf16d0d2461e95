using System.Net;
using Cohortly.Accounts;
using Cohortly.Common;
using Cohortly.Email;
using Cohortly.Events;
using Cohortly.Integrations;
using Cohortly.Notifications;
using Cohortly.Silo.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Cohortly.Silo.Hosting;

/// <summary>
/// The one place that decides how Orleans runs. The silo process, the embedded front end (which co-hosts a
/// silo) and a cluster front end (an Orleans client) all call in here, so the two modes share one code path.
/// </summary>
public static class CohortlyHosting
{
    public const string ConnectionStringName = "Cohortly";

    /// <summary>
    /// The <c>Cohortly</c> section, validated: it decides how the host is built, so it is read before there is a host to
    /// validate it on start. A bad value throws <see cref="OptionsValidationException"/> naming the key, and the process
    /// stops instead of running on a setting nobody meant.
    /// </summary>
    public static CohortlyOptions ReadCohortlyOptions(this IConfiguration configuration)
    {
        var options = new CohortlyOptions();
        try
        {
            configuration.GetSection(CohortlyOptions.Section).Bind(options);
        }
        catch (InvalidOperationException unreadable)
        {
            // The binder's message names the key ("Failed to convert configuration value at 'Cohortly:Mode' …"); the inner one the value.
            throw new OptionsValidationException(CohortlyOptions.Section, typeof(CohortlyOptions),
                [$"{unreadable.Message} {unreadable.InnerException?.Message}".Trim()]);
        }
        var result = CohortlyOptionsValidation.Validate(options, configuration);
        if (result.Failed)
        {
            throw new OptionsValidationException(CohortlyOptions.Section, typeof(CohortlyOptions), result.Failures);
        }
        return options;
    }

    /// <summary>
    /// Orleans' placement logs two Information lines through Polly ("Execution attempt", "Resilience pipeline executed")
    /// for every grain placement: 332 of the 352 lines of a short session (start, three registrations). Warnings and
    /// retries still show. A <c>Logging:LogLevel:Polly</c> setting wins over this default.
    /// </summary>
    private static void QuietPolly(IHostApplicationBuilder builder)
    {
        if (builder.Configuration["Logging:LogLevel:Polly"] is null)
        {
            builder.Logging.AddFilter("Polly", LogLevel.Warning);
        }
    }

    /// <summary>Hosts a silo in this process: SQLite and localhost clustering when embedded, PostgreSQL when clustered.</summary>
    public static IHostApplicationBuilder AddCohortlySilo(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.ReadCohortlyOptions();
        var database = DatabaseFor(builder.Configuration, options);
        QuietPolly(builder);
        var siloPort = FreePort.OrPick(options.Orleans.SiloPort);
        var gatewayPort = FreePort.OrPick(options.Orleans.GatewayPort);

        builder.Services.AddCohortlyGrainServices(new DataDirectory(options.DataDirectory));
        // Registered before the silo so the schema exists when storage, reminders and membership start.
        builder.Services.AddHostedService(sp => new SchemaMigrationService(database, sp.GetRequiredService<ILogger<SchemaMigrationService>>()));

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.Orleans.ClusterId;
                cluster.ServiceId = options.Orleans.ServiceId;
            });
            if (options.Mode == CohortlyMode.Embedded)
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: options.Orleans.ServiceId, clusterId: options.Orleans.ClusterId);
            }
            else
            {
                silo.ConfigureEndpoints(IPAddress.Parse(options.Orleans.AdvertisedAddress), siloPort, gatewayPort, listenOnAnyHostAddress: false);
                silo.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = database.Invariant;
                    clustering.ConnectionString = database.ConnectionString;
                });
                silo.Services.AddOptions<ClusterMembershipOptions>().Configure(ClusterTimeouts.Membership).BindConfiguration("Cohortly:Orleans:Membership");
                if (options.Orleans.Tls.Enabled)
                {
                    silo.UseTls(tls => ClusterTls.Apply(tls, options.Orleans.Tls));
                }
                // Before it becomes active: a joining silo's first calls must beat the front end's grain timeout.
                silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services =>
                    ActivatorUtilities.CreateInstance<SiloWarmUp>(services, database));
            }
            silo.AddCohortlyPersistence(database);
            silo.AddDashboard();
            // A grain call carries its caller's trace, so one trace runs from the HTTP request through grains to storage.
            silo.AddActivityPropagation();
        });
        return builder;
    }

    /// <summary>Connects this process to a cluster as an Orleans client (a cluster-mode front end).</summary>
    public static IHostApplicationBuilder AddCohortlyClient(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.ReadCohortlyOptions();
        var database = DatabaseFor(builder.Configuration, options);
        QuietPolly(builder);
        // The same integrations as a silo's (AddCohortlyGrainServices): this front end uses storage, scanning and images,
        // and a bad setting in any of them stops it at start just as it stops a silo.
        builder.Services.AddCohortlyIntegrations(new DataDirectory(options.DataDirectory));
        // A front end may start before any silo has: the client reads the gateway list through our queries.
        builder.Services.AddHostedService(sp => new SchemaMigrationService(database, sp.GetRequiredService<ILogger<SchemaMigrationService>>()));
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.Orleans.ClusterId;
                cluster.ServiceId = options.Orleans.ServiceId;
            });
            client.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = database.Invariant;
                clustering.ConnectionString = database.ConnectionString;
            });
            if (options.Orleans.Tls.Enabled)
            {
                client.UseTls(tls => ClusterTls.Apply(tls, options.Orleans.Tls));
            }
            client.Configure<ClientMessagingOptions>(ClusterTimeouts.ClientMessaging);
            client.Configure<GatewayOptions>(ClusterTimeouts.Gateways);
            client.AddCohortlyEventStreams();
            client.AddDashboard();
            client.AddActivityPropagation();
        });
        return builder;
    }

    /// <summary>Publishers map a stream to a queue as the silos do, so clients and silos must agree on the count.</summary>
    public const int EventStreamQueues = 4;

    /// <summary>The domain event streams as an Orleans client (a cluster front end, a test client) publishes to them.</summary>
    public static IClientBuilder AddCohortlyEventStreams(this IClientBuilder client) =>
        client.AddMemoryStreams(EventStreams.Provider, streams => streams.ConfigurePartitioning(EventStreamQueues));

    /// <summary>
    /// Grain state, stream subscriptions and reminders in the given database, and the domain event streams;
    /// used by every silo, including the tests' silos.
    /// </summary>
    public static ISiloBuilder AddCohortlyPersistence(this ISiloBuilder silo, CohortlyDatabase database)
    {
        AddStorage(silo, StorageNames.Cohortly, database);
        AddStorage(silo, EventStreams.PubSubStore, database);
        silo.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = database.Invariant;
            reminders.ConnectionString = database.ConnectionString;
        });
        if (database.Invariant == DatabaseSchema.SqliteInvariant)
        {
            // One writer per silo for grain state and reminders alike: see SqliteGroupCommit.
            silo.Services.TryAddSingleton(services => new SqliteGroupCommit(database.ConnectionString, services.GetRequiredService<ILogger<SqliteGroupCommit>>()));
            GroupSqliteReminderWrites(silo.Services, database);
        }
        // In-memory queues: they deliver while the silos run and keep nothing across a crash. Durability comes from
        // the publishing grains (EventOutbox: pending events stored with the state, re-published by a reminder).
        silo.AddMemoryStreams(EventStreams.Provider, streams =>
        {
            streams.ConfigurePartitioning(EventStreamQueues);
            // Every queue is polled on this period while idle, and a new event waits half of it on average: the default
            // 100 ms was most of a live notification's latency (benchmarks/DOMAIN.md). 4 queues x 200 polls/s costs
            // about what the first 8 x 100/s did.
            streams.ConfigurePullingAgent(agent => agent.Configure(options => options.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(5)));
        });
        return silo;
    }

    /// <summary>Keeps the reminder table Orleans registered for reads and sends its writes through the group commit.</summary>
    private static void GroupSqliteReminderWrites(IServiceCollection services, CohortlyDatabase database)
    {
        var registered = services.Last(service => service.ServiceType == typeof(IReminderTable));
        services.Remove(registered);
        services.AddSingleton<IReminderTable>(provider => new GroupCommitSqliteReminders(
            registered.ImplementationFactory is { } factory
                ? (IReminderTable)factory(provider)
                : (IReminderTable)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!),
            provider.GetRequiredService<SqliteGroupCommit>(),
            provider.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            database.ConnectionString));
    }

    private static void AddStorage(ISiloBuilder silo, string name, CohortlyDatabase database)
    {
        if (database.Invariant == DatabaseSchema.SqliteInvariant)
        {
            silo.Services.AddGrainStorage(name, (services, storageName) => new SqliteGrainStorage(
                storageName,
                services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
                database.ConnectionString,
                services.GetRequiredService<SqliteGroupCommit>(),
                // Orleans' own serializer, as the ADO.NET provider is given below: the rows are the same either way.
                ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services),
                services.GetRequiredService<IActivatorProvider>()));
            return;
        }
        AddAdoNetStorage(silo, name, database);
    }

    private static void AddAdoNetStorage(ISiloBuilder silo, string name, CohortlyDatabase database)
    {
        silo.AddAdoNetGrainStorage(name, storage =>
        {
            storage.Invariant = database.Invariant;
            storage.ConnectionString = database.ConnectionString;
        });
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(name)
            .Configure<IServiceProvider>((storage, services) =>
                // Orleans' own serializer, so [Id]-numbered state stays readable as it evolves.
                storage.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services));
    }

    /// <summary>Services the grains depend on, the same in every mode (integrations pick their embedded or real adapter).</summary>
    public static IServiceCollection AddCohortlyGrainServices(this IServiceCollection services, DataDirectory dataDirectory)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddCohortlyIntegrations(dataDirectory);
        services.AddCohortlyEmailFeature();
        NotificationMappers.Register(services);
        services.AddOptions<EventOutboxOptions>().BindConfiguration(EventOutboxOptions.Section);
        services.AddOptions<LoginThrottleOptions>().BindConfiguration(LoginThrottleOptions.Section);
        // A shorter re-publish period (tests use seconds) needs Orleans to accept reminders that frequent.
        services.AddOptions<ReminderOptions>().Configure<IOptions<EventOutboxOptions>>((reminders, events) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, events.Value.RepublishPeriod.Ticks)));
        return services;
    }

    public static CohortlyDatabase DatabaseFor(IConfiguration configuration, CohortlyOptions options)
    {
        DatabaseSchema.RegisterProviders();
        if (options.Mode == CohortlyMode.Embedded)
        {
            var file = Path.Combine(new DataDirectory(options.DataDirectory).Path, "cohortly.db");
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = file,
                Pooling = true,
                // Writers wait for each other instead of failing with SQLITE_BUSY.
                DefaultTimeout = 30,
            }.ToString();
            return new CohortlyDatabase(DatabaseSchema.SqliteInvariant, connectionString);
        }
        var postgres = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(postgres))
        {
            throw new OptionsValidationException(ConnectionStringName, typeof(CohortlyOptions),
                ["Cluster mode needs ConnectionStrings:Cohortly (env ConnectionStrings__Cohortly): a PostgreSQL connection string."]);
        }
        return new CohortlyDatabase(DatabaseSchema.PostgreSqlInvariant, postgres);
    }
}

public sealed record CohortlyDatabase(string Invariant, string ConnectionString)
{
    public Task EnsureSchemaAsync(CancellationToken cancellationToken) =>
        Invariant == DatabaseSchema.SqliteInvariant
            ? DatabaseSchema.EnsureSqliteAsync(ConnectionString, cancellationToken)
            : DatabaseSchema.EnsurePostgreSqlAsync(ConnectionString, cancellationToken);
}

/// <summary>Creates or updates the schema before Orleans starts; every statement is idempotent.</summary>
internal sealed class SchemaMigrationService(CohortlyDatabase database, ILogger<SchemaMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.EnsureSchemaAsync(cancellationToken);
        logger.LogInformation("Database schema is up to date ({Invariant})", database.Invariant);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
