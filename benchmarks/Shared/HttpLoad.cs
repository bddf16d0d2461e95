using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;

namespace Cohortly.Benchmarking;

/// <summary>
/// One endpoint under load. <see cref="NewRequest"/> gets the request's sequence number (0, 1, 2 … across all
/// workers), so a count-bounded target can give every student exactly one request; it is called just before
/// sending, so it may also note the send time. <see cref="Failed"/> hears of requests that did not get
/// <see cref="Expected"/>, for targets that wait for a consequence of each request; <see cref="Answered"/> gets the
/// Stopwatch timestamp at which a successful request's answer was complete.
/// </summary>
public sealed record HttpTarget(
    string Name,
    string Endpoint,
    Func<long, HttpRequestMessage> NewRequest,
    HttpStatusCode Expected = HttpStatusCode.OK,
    Action<long>? Failed = null,
    Action<long, long>? Answered = null);

/// <summary>What one timed stretch of load on one target produced.</summary>
public sealed record HttpSegment(
    string Target,
    long Ok,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyDictionary<string, string> ErrorSamples,
    TimeSpan Elapsed,
    long[] LatencyTicks,
    CpuUse Cpu)
{
    public long ErrorCount => Errors.Values.Sum();

    public double RequestsPerSecond => Ok / Elapsed.TotalSeconds;
}

/// <summary>
/// A closed loop: N workers, each sends a request, waits for the whole response and
/// sends the next, until a deadline or a request count is reached. Requests in flight at the deadline finish
/// and are counted.
/// </summary>
public sealed class HttpLoad(HttpClient http, ServerProcess server)
{
    public async Task<HttpSegment> RunAsync(HttpTarget target, int concurrency, TimeSpan? duration, long maxRequests)
    {
        var next = -1L;
        var meter = server.StartMeter();
        var clock = Stopwatch.StartNew();
        var deadline = duration is { } d ? Stopwatch.GetTimestamp() + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var result = new WorkerResult();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= maxRequests)
                {
                    break;
                }
                await SendAsync(target, index, result);
            }
            return result;
        })).ToArray();
        var results = await Task.WhenAll(workers);
        clock.Stop();
        var cpu = meter.Stop();

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
        return new HttpSegment(target.Name, latencies.LongLength, errors, samples, clock.Elapsed, latencies, cpu);
    }

    private async Task SendAsync(HttpTarget target, long index, WorkerResult result)
    {
        using var request = target.NewRequest(index);
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var end = Stopwatch.GetTimestamp();
            if (response.StatusCode == target.Expected)
            {
                result.Latencies.Add(end - start);
                target.Answered?.Invoke(index, end);
                return;
            }
            result.Fail($"HTTP {(int)response.StatusCode}", await response.Content.ReadAsStringAsync());
        }
        catch (TaskCanceledException exception)
        {
            result.Fail("timeout", exception.Message);
        }
        catch (HttpRequestException exception)
        {
            result.Fail($"{exception.HttpRequestError}", exception.Message);
        }
        target.Failed?.Invoke(index);
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

/// <summary>Latency percentiles by nearest rank.</summary>
public sealed record LatencySummary(int Count, double P50Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary Of(IEnumerable<long> ticks)
    {
        var sorted = ticks.ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN);
        }
        Array.Sort(sorted);
        double Rank(double quantile) => Ms(sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)]);
        return new LatencySummary(sorted.Length, Rank(0.50), Rank(0.99), Ms(sorted[^1]));
    }

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>Several segments of one target, added up.</summary>
public sealed record HttpTotals(
    long Ok,
    long Errors,
    double RequestsPerSecond,
    LatencySummary Latency,
    CpuUse Cpu,
    IReadOnlyDictionary<string, long> ErrorKinds,
    IReadOnlyDictionary<string, string> ErrorSamples)
{
    public double ServerCpuMsPerRequest => Ok == 0 ? double.NaN : Cpu.Server.TotalMilliseconds / Ok;

    public static HttpTotals Of(IReadOnlyList<HttpSegment> segments)
    {
        var ok = segments.Sum(s => s.Ok);
        var seconds = segments.Sum(s => s.Elapsed.TotalSeconds);
        var kinds = segments.SelectMany(s => s.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value));
        var samples = new Dictionary<string, string>();
        foreach (var (kind, sample) in segments.SelectMany(s => s.ErrorSamples))
        {
            samples.TryAdd(kind, sample);
        }
        return new HttpTotals(ok, kinds.Values.Sum(), seconds == 0 ? double.NaN : ok / seconds,
            LatencySummary.Of(segments.SelectMany(s => s.LatencyTicks)), CpuUse.Sum(segments.Select(s => s.Cpu)), kinds, samples);
    }
}

/// <summary>A scenario target and the bare baseline, measured in alternating segments of the same run.</summary>
public sealed record HttpComparison(string Name, string Endpoint, int Concurrency, IReadOnlyList<HttpSegment> Baseline, IReadOnlyList<HttpSegment> Measured)
{
    public HttpTotals BaselineTotals => HttpTotals.Of(Baseline);

    public HttpTotals MeasuredTotals => HttpTotals.Of(Measured);

    public double Ratio => MeasuredTotals.RequestsPerSecond / BaselineTotals.RequestsPerSecond;

    /// <summary>The ratio round by round (each scenario segment against the baseline segment of its round).</summary>
    public (double Min, double Max) RatioRange
    {
        get
        {
            var ratios = Measured.Zip(Baseline, (m, b) => m.RequestsPerSecond / b.RequestsPerSecond).ToList();
            return ratios.Count == 0 ? (double.NaN, double.NaN) : (ratios.Min(), ratios.Max());
        }
    }
}

public static class BaselineTarget
{
    public const string Endpoint = "GET /bench/baseline";

    public static HttpTarget Create() => new("baseline", Endpoint, _ => new HttpRequestMessage(HttpMethod.Get, "/bench/baseline"));
}
