using System.Diagnostics;
using System.Net;
using Cohortly.Testing;

namespace Cohortly.LoadTests;

/// <summary>One start of the Frontend, timed from launching <c>dotnet Cohortly.Frontend.dll</c>.</summary>
public sealed record StartTiming(TimeSpan FirstAnswer, TimeSpan Ready, TimeSpan Stop, double? ResidentMegabytes, TimeSpan? FirstAuthenticatedRequest);

/// <summary>
/// Start-up time in embedded mode: on a fresh data directory (schema, signing key and SQLite file created), then on
/// one that already holds accounts (a restart). The OS page cache stays warm in both: "cold" is about our data,
/// not about the disk.
/// </summary>
public static class ColdStart
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);

    public static async Task<IReadOnlyList<StartTiming>> FreshAsync(int runs)
    {
        var timings = new List<StartTiming>();
        for (var run = 1; run <= runs; run++)
        {
            using var data = new TempDirectory("cohortly-bench-cold");
            var timing = await StartAndStopAsync(data.Path, accessToken: null);
            Console.WriteLine($"[coldstart] fresh {run}/{runs}: ready after {timing.Ready.TotalMilliseconds:0} ms "
                + $"(first HTTP answer {timing.FirstAnswer.TotalMilliseconds:0} ms), stop {timing.Stop.TotalMilliseconds:0} ms");
            timings.Add(timing);
        }
        return timings;
    }

    public static async Task<IReadOnlyList<StartTiming>> RestartAsync(int runs, IReadOnlyDictionary<string, string> environment)
    {
        using var data = new TempDirectory("cohortly-bench-warm");
        string accessToken;
        await using (var app = await CohortlyApp.StartAsync(data.Path, environment))
        {
            // Some state to load: accounts, sessions and the signing key a restart must find again.
            for (var i = 0; i < 10; i++)
            {
                await app.Http.RegisterAsync(ApiClient.UniqueEmail("restart"));
            }
            accessToken = (await app.Http.RegisterAsync(ApiClient.UniqueEmail("restart"))).AccessToken;
        }

        var timings = new List<StartTiming>();
        for (var run = 1; run <= runs; run++)
        {
            var timing = await StartAndStopAsync(data.Path, accessToken);
            Console.WriteLine($"[coldstart] restart {run}/{runs}: ready after {timing.Ready.TotalMilliseconds:0} ms "
                + $"(first HTTP answer {timing.FirstAnswer.TotalMilliseconds:0} ms), first /api/me {timing.FirstAuthenticatedRequest?.TotalMilliseconds:0} ms, "
                + $"stop {timing.Stop.TotalMilliseconds:0} ms");
            timings.Add(timing);
        }
        return timings;
    }

    /// <summary>
    /// Polls every 10 ms rather than through CohortlyApp's 100 ms loop, so the figure is not rounded up by the poller.
    /// </summary>
    private static async Task<StartTiming> StartAndStopAsync(string dataDirectory, string? accessToken)
    {
        var port = Ports.Free();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/'),
            ["Cohortly__DataDirectory"] = dataDirectory,
            ["Cohortly__Orleans__SiloPort"] = "0",
            ["Cohortly__Orleans__GatewayPort"] = "0",
        };
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };

        var clock = Stopwatch.StartNew();
        var process = CohortlyProcess.Start("Cohortly.Frontend", environment);
        try
        {
            TimeSpan? firstAnswer = null;
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("Cohortly.Frontend exited during start-up:\n" + process.RecentOutput);
                }
                if (clock.Elapsed > StartLimit)
                {
                    throw new TimeoutException($"Cohortly.Frontend was not ready after {StartLimit.TotalSeconds:0} s:\n" + process.RecentOutput);
                }
                try
                {
                    using var response = await http.GetAsync("/health/ready");
                    firstAnswer ??= clock.Elapsed;
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(PollInterval);
            }
            var ready = clock.Elapsed;
            double? resident;
            using (var server = ServerProcess.Find(dataDirectory))
            {
                resident = server.ResidentMegabytes();
            }

            TimeSpan? firstAuthenticated = null;
            if (accessToken is not null)
            {
                // The first authenticated request after a restart activates the user grain from SQLite, twice over
                // (session check, then profile): the latency a returning user sees.
                var requestClock = Stopwatch.StartNew();
                await http.GetMeAsync(accessToken);
                firstAuthenticated = requestClock.Elapsed;
            }

            var stopClock = Stopwatch.StartNew();
            await process.StopAsync();
            return new StartTiming(firstAnswer!.Value, ready, stopClock.Elapsed, resident, firstAuthenticated);
        }
        finally
        {
            await process.DisposeAsync();
        }
    }
}
