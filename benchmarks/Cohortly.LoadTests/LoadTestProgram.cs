using System.Globalization;
using System.Net;
using Cohortly.Testing;

namespace Cohortly.LoadTests;

/// <summary>
/// Load driver for the account paths. Every figure is reported as a ratio to a bare JSON endpoint of the same
/// process, measured in the same run, because absolute rates on a shared two-core VM say little on their own.
/// </summary>
public static class LoadTestProgram
{
    public static async Task<int> Main(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 2;
        }

        var startedAt = DateTimeOffset.UtcNow;
        var command = "dotnet run -c Release --project benchmarks/Cohortly.LoadTests" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
        Console.WriteLine($"This machine has {Environment.ProcessorCount} logical cores, shared by this driver and the server it starts.");
        if (RepoPaths.Configuration != "Release")
        {
            Console.WriteLine($"WARNING: built as {RepoPaths.Configuration}; the server runs from the same configuration. Use -c Release for figures worth keeping.");
        }
        var report = new Report(command, options, startedAt);
        var environment = new Dictionary<string, string>
        {
            ["Cohortly__Benchmarks__Baseline"] = "true",
            // The per-address limiter on /api/auth would otherwise answer 429 to a driver that is one address.
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000000",
        };

        if (options.Runs(Scenario.Login) || options.Runs(Scenario.Me))
        {
            await RunLoadAsync(options, environment, report);
        }
        if (options.Runs(Scenario.ColdStart))
        {
            var fresh = await ColdStart.FreshAsync(options.ColdStartRuns);
            var restart = await ColdStart.RestartAsync(options.ColdStartRuns, environment);
            report.StartTimes(fresh, restart);
        }

        if (options.Runs(Scenario.Bombs))
        {
            var bombs = await UploadBombs.RunAsync(options.Duration, command, startedAt);
            var bombFile = Path.Combine(RepoPaths.Root, "benchmarks", "results", $"bombs-{startedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.md");
            await File.WriteAllTextAsync(bombFile, bombs);
            Console.WriteLine(bombs);
            Console.WriteLine($"Wrote {bombFile}");
            if (options.Scenario == Scenario.Bombs)
            {
                return 0;
            }
        }

        var markdown = report.ToString();
        Console.WriteLine();
        Console.WriteLine(markdown);
        var suffix = options.Scenario == Scenario.All ? "" : "-" + options.Scenario.ToString().ToLowerInvariant();
        var file = Path.Combine(RepoPaths.Root, "benchmarks", "results",
            $"accounts-{startedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{suffix}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, markdown);
        Console.WriteLine($"Wrote {file}");
        return 0;
    }

    private static async Task RunLoadAsync(LoadOptions options, Dictionary<string, string> environment, Report report)
    {
        using var data = new TempDirectory("cohortly-bench-load");
        await using var app = await CohortlyApp.StartAsync(data.Path, environment);
        if (!IPAddress.IsLoopback(IPAddress.Parse(app.BaseAddress.Host)))
        {
            throw new InvalidOperationException($"Refusing to load {app.BaseAddress}: the driver only targets loopback.");
        }
        using var server = ServerProcess.Find(data.Path);
        Console.WriteLine($"Server: pid {server.Id?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} at {app.BaseAddress}");

        using var handler = new SocketsHttpHandler
        {
            // One connection per worker, kept for the whole run: connection set-up is not what is measured.
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using (var probe = await http.GetAsync("/bench/baseline"))
        {
            if (probe.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET /bench/baseline answered {(int)probe.StatusCode}: is Cohortly:Benchmarks:Baseline mapped?");
            }
        }

        var registering = System.Diagnostics.Stopwatch.StartNew();
        var accounts = await AccountLoad.RegisterAsync(http, options.Users, Guid.NewGuid().ToString("N")[..8]);
        Console.WriteLine($"Registered {accounts.UserCount} users in {registering.Elapsed.TotalSeconds:0.0} s");

        using var baselineBystander = new Bystander(app.BaseAddress, "/bench/baseline", TimeSpan.FromMilliseconds(50));
        using var readyBystander = new Bystander(app.BaseAddress, "/health/ready", TimeSpan.FromMilliseconds(250));
        Bystander[] bystanders = [baselineBystander, readyBystander];
        var idle = await Task.WhenAll(bystanders.Select(bystander => bystander.WatchForAsync(TimeSpan.FromSeconds(3))));
        var load = new HttpLoad(http, server);
        var comparisons = new List<Comparison>();
        if (options.Runs(Scenario.Login))
        {
            comparisons.Add(await Comparison.RunAsync("login", BaselineTarget.Create(), accounts.Login(), load, bystanders, options));
        }
        if (options.Runs(Scenario.Me))
        {
            await accounts.RefreshTokensAsync(http);
            comparisons.Add(await Comparison.RunAsync("me", BaselineTarget.Create(), accounts.Me(), load, bystanders, options));
        }
        report.Comparisons(comparisons, accounts.UserCount);
        report.Bystanders(bystanders, idle, comparisons);
        report.ServerLog(app.RecentOutput.Split('\n').Select(line => line.TrimEnd('\r')).ToList());
    }
}
