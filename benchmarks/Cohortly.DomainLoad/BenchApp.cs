using System.Globalization;
using System.Net;
using Cohortly.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cohortly.DomainLoad;

/// <summary>
/// One Cohortly.Frontend process on a fresh data directory (embedded mode: co-hosted silo, SQLite), an HTTP client
/// for the measured traffic, and an Orleans client on the silo's gateway for seeding. Each scenario gets its own,
/// so the 5,000-student seed of one never weighs on the figures of another.
/// </summary>
public sealed class BenchApp : IAsyncDisposable
{
    /// <summary>The embedded SQLite file and its write-ahead log: any grain state write touches one of them.</summary>
    private static readonly string[] DatabaseFiles = ["cohortly.db", "cohortly.db-wal"];
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<BenchApp, bool> Live = new();
    private readonly TempDirectory _data;
    private readonly SocketsHttpHandler _handler;
    private IHost? _grainClient;

    private BenchApp(TempDirectory data, CohortlyApp app, int gatewayPort, int httpConnections)
    {
        _data = data;
        App = app;
        GatewayPort = gatewayPort;
        Server = ServerProcess.Find(data.Path);
        Log = new LogWatcher(() => App.RecentOutput);
        _handler = new SocketsHttpHandler
        {
            // One connection per worker, kept for the whole run: connection set-up is not what is measured.
            MaxConnectionsPerServer = httpConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        Http = new HttpClient(_handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var key = Convert.FromBase64String(File.ReadAllText(Path.Combine(data.Path, "keys", "jwt-signing.key")).Trim());
        Tokens = new AccessTokens(key);
    }

    public CohortlyApp App { get; }

    public int GatewayPort { get; }

    public ServerProcess Server { get; private set; }

    public HttpClient Http { get; }

    public LogWatcher Log { get; }

    public AccessTokens Tokens { get; }

    public IClusterClient Grains => _grainClient?.Services.GetRequiredService<IClusterClient>()
        ?? throw new InvalidOperationException("The Orleans client was stopped.");

    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["Cohortly__Benchmarks__Baseline"] = "true",
        // The per-address limiter on /api/auth would otherwise answer 429 to a driver that is one address.
        ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000000",
    };

    public static async Task<BenchApp> StartAsync(int httpConnections)
    {
        var data = new TempDirectory("cohortly-bench-domain");
        var gatewayPort = Ports.Free();
        var environment = new Dictionary<string, string>(Environment)
        {
            // Fixed up front, because the seeding client must know where the gateway is.
            ["Cohortly__Orleans__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Cohortly__Orleans__SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
        };
        var app = await CohortlyApp.StartAsync(data.Path, environment);
        if (!IPAddress.IsLoopback(IPAddress.Parse(app.BaseAddress.Host)))
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"Refusing to load {app.BaseAddress}: the driver only targets loopback.");
        }
        var bench = new BenchApp(data, app, gatewayPort, httpConnections);
        Live[bench] = true;
        using (var probe = await bench.Http.GetAsync("/bench/baseline"))
        {
            if (probe.StatusCode != HttpStatusCode.OK)
            {
                await bench.DisposeAsync();
                throw new InvalidOperationException($"GET /bench/baseline answered {(int)probe.StatusCode}: is Cohortly:Benchmarks:Baseline mapped?");
            }
        }
        await bench.StartGrainClientAsync();
        Console.WriteLine($"  server pid {bench.Server.Id?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} at {app.BaseAddress}, gateway 127.0.0.1:{gatewayPort}, data {data.Path}");
        return bench;
    }

    /// <summary>Restarts the server on the same data directory and ports: every grain is cold afterwards.</summary>
    public async Task RestartAsync()
    {
        await StopGrainClientAsync();
        await App.RestartAsync();
        Server.Dispose();
        Server = ServerProcess.Find(_data.Path);
    }

    public async Task StopGrainClientAsync()
    {
        if (_grainClient is not null)
        {
            await _grainClient.StopAsync();
            _grainClient.Dispose();
            _grainClient = null;
        }
    }

    /// <summary>
    /// Waits until the server has been idle for a second: under 0.15 cores and no write to its SQLite files.
    /// Events published by seeding or by a scenario (inbox writes, stream deliveries) are still being worked off
    /// after the HTTP answers, and would otherwise be measured as part of whatever comes next. CPU alone does not
    /// tell: a server whose writers wait for SQLite's lock is slow while its CPU is nearly idle. Says how long that
    /// took and what CPU it used.
    /// </summary>
    public async Task<Quiet> WaitForQuietAsync(TimeSpan limit)
    {
        var total = Server.StartMeter();
        var quietSamples = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < limit)
        {
            var meter = Server.StartMeter();
            await Task.Delay(500);
            var written = DateTime.UtcNow - LastDatabaseWrite();
            quietSamples = meter.Stop().ServerCores < QuietCores && written > TimeSpan.FromSeconds(1) ? quietSamples + 1 : 0;
            if (quietSamples >= 2)
            {
                // The last second was the quiet we waited for, not work left over.
                return new Quiet(TimeSpan.FromTicks(Math.Max(0, (started.Elapsed - TimeSpan.FromSeconds(1)).Ticks)), total.Stop(), Reached: true);
            }
        }
        return new Quiet(started.Elapsed, total.Stop(), Reached: false);
    }

    private DateTime LastDatabaseWrite() =>
        DatabaseFiles
            .Select(name => Path.Combine(_data.Path, name))
            .Where(File.Exists)
            .Select(File.GetLastWriteTimeUtc)
            .DefaultIfEmpty(DateTime.MinValue)
            .Max();

    /// <summary>Below this many server cores the process counts as idle (an idle embedded server uses a few hundredths).</summary>
    public const double QuietCores = 0.15;

    /// <summary>Kills every server still running, for a driver that is being interrupted.</summary>
    public static void KillAll()
    {
        foreach (var app in Live.Keys)
        {
            app.Server.Kill();
            app._data.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Live.TryRemove(this, out _);
        await StopGrainClientAsync();
        await Log.DisposeAsync();
        await App.DisposeAsync();
        Server.Dispose();
        Http.Dispose();
        _handler.Dispose();
        _data.Dispose();
    }

    private async Task StartGrainClientAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseLocalhostClustering(GatewayPort, serviceId: "cohortly", clusterId: "cohortly"));
        // The default console lifetime would take SIGTERM and Ctrl+C for this client alone and leave the driver running.
        builder.Services.AddSingleton<IHostLifetime, DriverOwnsSignals>();
        var host = builder.Build();
        await host.StartAsync();
        _grainClient = host;
    }
}

/// <summary>How long the server took to go idle after some work, and the CPU it spent meanwhile.</summary>
public sealed record Quiet(TimeSpan Elapsed, CpuUse Cpu, bool Reached);

/// <summary>A host lifetime that leaves process signals to the driver, which stops everything it started.</summary>
internal sealed class DriverOwnsSignals : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
