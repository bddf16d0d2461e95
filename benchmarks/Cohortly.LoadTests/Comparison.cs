namespace Cohortly.LoadTests;

/// <summary>
/// A scenario and the bare baseline, measured in alternating segments of the same run against the same process, and
/// what the bystanders saw while the scenario ran.
/// </summary>
public sealed record Comparison(string Scenario, HttpComparison Http, IReadOnlyList<Probes> Bystanders)
{
    public static async Task<Comparison> RunAsync(
        string scenario, HttpTarget baseline, HttpTarget target, HttpLoad load, IReadOnlyList<Bystander> bystanders, LoadOptions options)
    {
        Task<HttpSegment> RunSegmentAsync(HttpTarget next, TimeSpan duration) =>
            load.RunAsync(next, options.Concurrency, duration, options.MaxRequestsPerSegment);

        Console.WriteLine($"[{scenario}] warm-up {options.Warmup.TotalSeconds:0.#} s per target (JIT, tiering, grain activation, connection pool)");
        foreach (var warm in new[] { baseline, target })
        {
            var warmUp = await RunSegmentAsync(warm, options.Warmup);
            Console.WriteLine($"[{scenario}]   warm-up {warm.Name}: {warmUp.RequestsPerSecond:0.0} req/s, {warmUp.ErrorCount} errors");
        }

        var baselineSegments = new List<HttpSegment>();
        var measuredSegments = new List<HttpSegment>();
        var watched = new List<Probes>();
        for (var round = 0; round < options.Rounds; round++)
        {
            // A B, B A, A B …: a drift in machine speed during the run lands on both sides.
            var order = round % 2 == 0 ? new[] { baseline, target } : [target, baseline];
            foreach (var next in order)
            {
                HttpSegment segment;
                if (next == baseline)
                {
                    segment = await RunSegmentAsync(next, options.Segment);
                    baselineSegments.Add(segment);
                }
                else
                {
                    using var stop = new CancellationTokenSource();
                    var watching = bystanders.Select(bystander => bystander.WatchAsync(stop.Token)).ToList();
                    segment = await RunSegmentAsync(next, options.Segment);
                    await stop.CancelAsync();
                    watched.AddRange(await Task.WhenAll(watching));
                    measuredSegments.Add(segment);
                }
                Console.WriteLine($"[{scenario}] round {round + 1}/{options.Rounds} {next.Name,-8}: {segment.RequestsPerSecond,10:0.0} req/s, "
                    + $"{segment.Ok} ok, {segment.ErrorCount} errors, CPU s: server {segment.Cpu.Server.TotalSeconds:0.0}, driver {segment.Cpu.Driver.TotalSeconds:0.0}, "
                    + $"other processes {segment.Cpu.Others.TotalSeconds:0.0} in {segment.Elapsed.TotalSeconds:0.0} s");
            }
        }
        return new Comparison(scenario, new HttpComparison(target.Name, target.Endpoint, options.Concurrency, baselineSegments, measuredSegments),
            [.. bystanders.Select(bystander => Probes.Combine(bystander.Path, watched.Where(p => p.Path == bystander.Path)))]);
    }
}
