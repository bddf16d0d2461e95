using System.Diagnostics;
using System.Net;

namespace Cohortly.LoadTests;

/// <summary>What one bystander saw: latencies (Stopwatch ticks) of its 200 answers and its failures by kind.</summary>
public sealed record Probes(string Path, List<long> Ticks, Dictionary<string, int> Failures)
{
    public static Probes Combine(string path, IEnumerable<Probes> parts)
    {
        var all = new Probes(path, [], []);
        foreach (var part in parts)
        {
            all.Ticks.AddRange(part.Ticks);
            foreach (var (kind, count) in part.Failures)
            {
                all.Failures[kind] = all.Failures.GetValueOrDefault(kind) + count;
            }
        }
        return all;
    }
}

/// <summary>
/// Another client of the same front end while a scenario runs: one GET on a fixed schedule over a connection of
/// its own. A login storm saturates both cores with PBKDF2; this shows what that does to everyone else the process
/// serves (a page, a load balancer's readiness probe), which the closed-loop figures cannot, since they only see
/// their own requests.
/// </summary>
public sealed class Bystander : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeSpan _interval;

    public Bystander(Uri baseAddress, string path, TimeSpan interval, string? accessToken = null)
    {
        Path = path;
        _interval = interval;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (accessToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }
    }

    public string Path { get; }

    public TimeSpan Interval => _interval;

    /// <summary>Probes until <paramref name="stop"/> is cancelled.</summary>
    public async Task<Probes> WatchAsync(CancellationToken stop)
    {
        var probes = new Probes(Path, [], []);
        var next = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                // Not cancelled by stop: a probe in flight at the end still counts, like the load's own requests.
                using var response = await _http.GetAsync(Path, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    probes.Ticks.Add(Stopwatch.GetTimestamp() - start);
                }
                else
                {
                    Fail(probes, $"HTTP {(int)response.StatusCode}");
                }
            }
            catch (TaskCanceledException)
            {
                Fail(probes, "timeout");
            }
            catch (HttpRequestException exception)
            {
                Fail(probes, exception.HttpRequestError.ToString());
            }
            // A fixed schedule, not "an interval after the answer": a slow answer does not thin out the probes that follow.
            next += (long)(_interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait <= TimeSpan.Zero)
            {
                next = Stopwatch.GetTimestamp();
                continue;
            }
            try
            {
                await Task.Delay(wait, stop);
            }
            catch (TaskCanceledException)
            {
                break;
            }
        }
        return probes;
    }

    public async Task<Probes> WatchForAsync(TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        return await WatchAsync(stop.Token);
    }

    public void Dispose() => _http.Dispose();

    private static void Fail(Probes probes, string kind) => probes.Failures[kind] = probes.Failures.GetValueOrDefault(kind) + 1;
}
