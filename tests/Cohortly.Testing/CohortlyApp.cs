namespace Cohortly.Testing;

/// <summary>
/// A running Cohortly front end on a loopback port: embedded (its own silo and SQLite file) unless
/// cluster settings are given. Restartable on the same data directory to test what survives.
/// </summary>
public sealed class CohortlyApp : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly HttpClient _probe;
    private CohortlyProcess? _process;

    private CohortlyApp(string dataDirectory, Dictionary<string, string> environment)
    {
        DataDirectory = dataDirectory;
        Port = Ports.Free();
        // Defaults first: whatever the caller sets (a fixed gateway port, cluster mode …) wins.
        _environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["Cohortly__DataDirectory"] = dataDirectory,
            ["Cohortly__Orleans__SiloPort"] = "0",
            ["Cohortly__Orleans__GatewayPort"] = "0",
            // Every request is rate limited; a test class makes hundreds a minute from one address. RateLimitTests sets its own.
            ["Cohortly__Edge__UserRequestsPerMinute"] = "1000000",
            ["Cohortly__Edge__AnonymousRequestsPerMinute"] = "1000000",
            ["Cohortly__Edge__UploadsPerMinute"] = "1000000",
        };
        foreach (var (key, value) in environment)
        {
            _environment[key] = value;
        }
        Http = new HttpClient(new OpenApiValidatingHandler(new HttpClientHandler())) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        // Readiness is polled before the app can serve its document; the probe is not part of the API under test.
        _probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>Checks every response against the app's OpenAPI document (<see cref="OpenApiValidatingHandler"/>).</summary>
    public HttpClient Http { get; }

    public string RecentOutput => _process?.RecentOutput ?? "";

    /// <summary>The app's log as far as it is kept (the last 400 lines).</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>The running front end's process id, for measuring it from outside.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The app is not running.");

    public static async Task<CohortlyApp> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var app = new CohortlyApp(dataDirectory, new Dictionary<string, string>(environment ?? new Dictionary<string, string>()));
        await app.StartAsync();
        return app;
    }

    public async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            _process = CohortlyProcess.Start("Cohortly.Frontend", _environment);
            try
            {
                await WaitUntilReadyAsync();
                return;
            }
            catch (InvalidOperationException exited) when (attempt < 3 && exited.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                // The silo picks free ports the moment it starts; a parallel test process can take one in between.
                // A new start picks new ones.
                await StopAsync();
            }
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>Ends the process at once, like a crash: no graceful shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        _probe.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        var process = _process!;
        try
        {
            await Eventually.Until(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException("Cohortly.Frontend exited during start-up:\n" + process.RecentOutput);
                    }
                    using var response = await _probe.GetAsync("/health/ready");
                    return response.IsSuccessStatusCode;
                },
                ready => ready,
                TimeSpan.FromSeconds(90),
                "Cohortly.Frontend to be ready");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException(timeout.Message + "\n" + process.RecentOutput, timeout);
        }
    }
}
