using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;

namespace Cohortly.LoadTests;

/// <summary>One endpoint under load. Each call builds a new request, because HttpClient disposes what it sends.</summary>
public sealed record LoadTarget(string Name, string Endpoint, Func<HttpRequestMessage> NewRequest, HttpStatusCode Expected = HttpStatusCode.OK);

/// <summary>What one timed stretch of load on one target produced.</summary>
public sealed record Segment(
    string Target,
    long Ok,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyDictionary<string, string> ErrorSamples,
    TimeSpan Elapsed,
    long[] LatencyTicks,
    TimeSpan ServerCpu,
    TimeSpan DriverCpu,
    TimeSpan OtherCpu)
{
    public long ErrorCount => Errors.Values.Sum();

    public double RequestsPerSecond => Ok / Elapsed.TotalSeconds;
}

/// <summary>
/// A closed loop: N workers, each sends a request, waits for the whole response, and sends the next. Bounded by a
/// deadline and a request budget; requests in flight at the deadline are allowed to finish and are counted.
/// </summary>
public sealed class ClosedLoop(HttpClient http, int concurrency, long maxRequests, ServerProcess server)
{
    public async Task<Segment> RunAsync(LoadTarget target, TimeSpan duration)
    {
        var budget = new RequestBudget(maxRequests);
        var serverCpu = server.CpuTime();
        var driverCpu = ServerProcess.OwnCpuTime();
        var machineCpu = ServerProcess.MachineBusyCpu();
        var clock = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => WorkAsync(target, deadline, budget))).ToArray();
        var results = await Task.WhenAll(workers);
        clock.Stop();

        var errors = new Dictionary<string, long>();
        var samples = new Dictionary<string, string>();
        foreach (var result in results)
        {
            foreach (var (kind, count) in result.Errors)
            {
                errors[kind] = errors.GetValueOrDefault(kind) + count;
            }
            foreach (var (kind, sample) in result.Samples)
            {
                samples.TryAdd(kind, sample);
            }
        }
        var latencies = results.SelectMany(result => result.Latencies).ToArray();
        var serverUsed = server.CpuTime() - serverCpu;
        var driverUsed = ServerProcess.OwnCpuTime() - driverCpu;
        var othersUsed = ServerProcess.MachineBusyCpu() - machineCpu - serverUsed - driverUsed;
        return new Segment(target.Name, latencies.LongLength, errors, samples, clock.Elapsed, latencies,
            serverUsed, driverUsed, othersUsed > TimeSpan.Zero ? othersUsed : TimeSpan.Zero);
    }

    private async Task<WorkerResult> WorkAsync(LoadTarget target, long deadline, RequestBudget budget)
    {
        var result = new WorkerResult();
        while (Stopwatch.GetTimestamp() < deadline && budget.TryTake())
        {
            using var request = target.NewRequest();
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                var elapsed = Stopwatch.GetTimestamp() - start;
                if (response.StatusCode == target.Expected)
                {
                    result.Latencies.Add(elapsed);
                }
                else
                {
                    result.Fail($"HTTP {(int)response.StatusCode}", await response.Content.ReadAsStringAsync());
                }
            }
            catch (TaskCanceledException exception)
            {
                result.Fail("timeout", exception.Message);
            }
            catch (HttpRequestException exception)
            {
                result.Fail($"{exception.HttpRequestError}", exception.Message);
            }
        }
        return result;
    }

    private sealed class RequestBudget(long limit)
    {
        private long _left = limit;

        public bool TryTake() => Interlocked.Decrement(ref _left) >= 0;
    }

    private sealed class WorkerResult
    {
        public List<long> Latencies { get; } = new(4096);

        public Dictionary<string, long> Errors { get; } = [];

        public Dictionary<string, string> Samples { get; } = [];

        public void Fail(string kind, string sample)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(Errors, kind, out _)++;
            Samples.TryAdd(kind, sample.Length > 300 ? sample[..300] + "…" : sample);
        }
    }
}

/// <summary>Latency percentiles by nearest rank over every successful request of a target.</summary>
public sealed record LatencySummary(double P50Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary Of(IEnumerable<long> ticks)
    {
        var sorted = ticks.ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(double.NaN, double.NaN, double.NaN);
        }
        Array.Sort(sorted);
        double Ms(long value) => value * 1000.0 / Stopwatch.Frequency;
        double Rank(double quantile) => Ms(sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)]);
        return new LatencySummary(Rank(0.50), Rank(0.99), Ms(sorted[^1]));
    }
}
