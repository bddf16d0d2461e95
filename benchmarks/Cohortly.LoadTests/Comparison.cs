namespace Cohortly.LoadTests;

/// <summary>A scenario and the bare baseline, measured in alternating segments of the same run against the same process.</summary>
public sealed record Comparison(
    string Scenario,
    LoadTarget Target,
    IReadOnlyList<Segment> Baseline,
    IReadOnlyList<Segment> Measured,
    IReadOnlyList<Probes> Bystanders)
{
    public static async Task<Comparison> RunAsync(
        string scenario, LoadTarget baseline, LoadTarget target, ClosedLoop loop, IReadOnlyList<Bystander> bystanders, LoadOptions options)
    {
        Console.WriteLine($"[{scenario}] warm-up {options.Warmup.TotalSeconds:0.#} s per target (JIT, tiering, grain activation, connection pool)");
        foreach (var warm in new[] { baseline, target })
        {
            var warmUp = await loop.RunAsync(warm, options.Warmup);
            Console.WriteLine($"[{scenario}]   warm-up {warm.Name}: {warmUp.RequestsPerSecond:0.0} req/s, {warmUp.ErrorCount} errors");
        }

        var baselineSegments = new List<Segment>();
        var measuredSegments = new List<Segment>();
        var watched = new List<Probes>();
        for (var round = 0; round < options.Rounds; round++)
        {
            // A B, B A, A B …: a drift in machine speed during the run lands on both sides.
            var order = round % 2 == 0 ? new[] { baseline, target } : [target, baseline];
            foreach (var next in order)
            {
                Segment segment;
                if (next == baseline)
                {
                    segment = await loop.RunAsync(next, options.Segment);
                    baselineSegments.Add(segment);
                }
                else
                {
                    using var stop = new CancellationTokenSource();
                    var watching = bystanders.Select(bystander => bystander.WatchAsync(stop.Token)).ToList();
                    segment = await loop.RunAsync(next, options.Segment);
                    await stop.CancelAsync();
                    watched.AddRange(await Task.WhenAll(watching));
                    measuredSegments.Add(segment);
                }
                Console.WriteLine($"[{scenario}] round {round + 1}/{options.Rounds} {next.Name,-8}: {segment.RequestsPerSecond,10:0.0} req/s, "
                    + $"{segment.Ok} ok, {segment.ErrorCount} errors, CPU s: server {segment.ServerCpu.TotalSeconds:0.0}, driver {segment.DriverCpu.TotalSeconds:0.0}, "
                    + $"other processes {segment.OtherCpu.TotalSeconds:0.0} in {segment.Elapsed.TotalSeconds:0.0} s");
            }
        }
        return new Comparison(scenario, target, baselineSegments, measuredSegments,
            [.. bystanders.Select(bystander => Probes.Combine(bystander.Path, watched.Where(p => p.Path == bystander.Path)))]);
    }

    public Totals BaselineTotals => Totals.Of(Baseline);

    public Totals MeasuredTotals => Totals.Of(Measured);

    public double Ratio => MeasuredTotals.RequestsPerSecond / BaselineTotals.RequestsPerSecond;

    /// <summary>The ratio in each round separately: how much the machine's noise moves the headline ratio.</summary>
    public (double Min, double Max) RatioRange
    {
        get
        {
            var ratios = Measured.Zip(Baseline, (m, b) => m.RequestsPerSecond / b.RequestsPerSecond).ToList();
            return (ratios.Min(), ratios.Max());
        }
    }
}

public sealed record Totals(
    long Ok,
    long Errors,
    double RequestsPerSecond,
    LatencySummary Latency,
    double ServerCpuMsPerRequest,
    double ServerCores,
    double DriverCores,
    double OtherCores,
    IReadOnlyDictionary<string, long> ErrorKinds,
    IReadOnlyDictionary<string, string> ErrorSamples)
{
    public static Totals Of(IReadOnlyList<Segment> segments)
    {
        var ok = segments.Sum(s => s.Ok);
        var seconds = segments.Sum(s => s.Elapsed.TotalSeconds);
        var serverCpu = segments.Sum(s => s.ServerCpu.TotalMilliseconds);
        var driverCpu = segments.Sum(s => s.DriverCpu.TotalMilliseconds);
        var otherCpu = segments.Sum(s => s.OtherCpu.TotalMilliseconds);
        var kinds = segments.SelectMany(s => s.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value));
        var samples = new Dictionary<string, string>();
        foreach (var (kind, sample) in segments.SelectMany(s => s.ErrorSamples))
        {
            samples.TryAdd(kind, sample);
        }
        return new Totals(
            ok,
            kinds.Values.Sum(),
            ok / seconds,
            LatencySummary.Of(segments.SelectMany(s => s.LatencyTicks)),
            ok == 0 ? double.NaN : serverCpu / ok,
            serverCpu / 1000 / seconds,
            driverCpu / 1000 / seconds,
            otherCpu / 1000 / seconds,
            kinds,
            samples);
    }
}
