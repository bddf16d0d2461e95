using System.Globalization;
using System.Text;

namespace Cohortly.LoadTests;

/// <summary>The Markdown written to the console and to benchmarks/results.</summary>
public sealed class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly StringBuilder _text = new();

    public Report(string command, LoadOptions options, DateTimeOffset startedAt)
    {
        Line($"# Cohortly accounts load test — {startedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant)}");
        Line();
        Line($"- Command: `{command}` (build flags such as `-p:SkipClientApp=true` do not change what is measured)");
        foreach (var line in Machine.MarkdownLines())
        {
            Line(line);
        }
        Line($"- **The load driver and the server share these {Environment.ProcessorCount} cores**, so absolute req/s are what the server "
            + "gets after the driver's share and any other process's (both shown as cores used). Compare the ratios and the server CPU per request, not the raw rates, with other machines.");
        Line($"- Server: `Cohortly.Frontend` ({Cohortly.Testing.RepoPaths.Configuration}) in embedded mode (co-hosted silo, SQLite in a fresh temp data directory), "
            + "Production environment, log level Warning, `Cohortly__Benchmarks__Baseline=true`, `Cohortly__Auth__ClientRequestsPerMinute=100000000`.");
        Line($"- Load: closed loop over HTTP/1.1 keep-alive on 127.0.0.1, {options.Concurrency} workers with one request in flight each; "
            + $"{options.Warmup.TotalSeconds:0.#} s warm-up per target, then {options.Rounds} rounds of {options.Segment.TotalSeconds:0.#} s per target, "
            + "baseline and scenario alternating (A B, B A, …) in the same process. Latencies are per request at that concurrency "
            + "(closed loop: a slow server also slows the arrival rate, so p99 is not an open-loop tail).");
        Line();
    }

    public void Comparisons(IReadOnlyList<Comparison> comparisons, int users)
    {
        if (comparisons.Count == 0)
        {
            return;
        }
        Line($"## Throughput and latency ({users} registered users, logged in round-robin)");
        Line();
        Line("| Scenario | Endpoint | OK | Errors | req/s | p50 ms | p99 ms | max ms | Ratio to baseline (per-round range) | Server CPU ms/req | Cores used: server / driver / others |");
        Line("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var comparison in comparisons)
        {
            Row(comparison.Scenario + " (baseline)", BaselineTarget.Endpoint, comparison.Http.BaselineTotals, "1");
            var (min, max) = comparison.Http.RatioRange;
            Row(comparison.Scenario, comparison.Http.Endpoint, comparison.Http.MeasuredTotals,
                string.Format(Invariant, "**{0:0.0000}** ({1:0.0000}–{2:0.0000})", comparison.Http.Ratio, min, max));
        }
        Line();
        Line("Ratio = scenario req/s ÷ baseline req/s over all rounds; the range is the same ratio per round. "
            + "Cores used = CPU seconds per second of wall time, from /proc: the server process, this driver, and every other "
            + $"process on the machine (out of {Environment.ProcessorCount}).");
        Line();
        var failures = comparisons.SelectMany(c => new[] { (c.Scenario + " baseline", c.Http.BaselineTotals), (c.Scenario, c.Http.MeasuredTotals) })
            .Where(x => x.Item2.Errors > 0)
            .ToList();
        Line("### Errors");
        Line();
        if (failures.Count == 0)
        {
            Line("None: every measured request got the expected status (200).");
        }
        foreach (var (name, totals) in failures)
        {
            foreach (var (kind, count) in totals.ErrorKinds.OrderByDescending(e => e.Value))
            {
                Line($"- {name}: {count} × {kind}; first answer: `{totals.ErrorSamples.GetValueOrDefault(kind, "").ReplaceLineEndings(" ")}`");
            }
        }
        Line();
    }

    public void Bystanders(IReadOnlyList<Bystander> bystanders, IReadOnlyList<Probes> idle, IReadOnlyList<Comparison> comparisons)
    {
        if (comparisons.Count == 0)
        {
            return;
        }
        Line("### What the other clients of the process see");
        Line();
        Line("Separate connections send "
            + string.Join(" and ", bystanders.Select(b => string.Format(Invariant, "`GET {0}` every {1:0} ms", b.Path, b.Interval.TotalMilliseconds)))
            + " on a fixed schedule: for 3 s on the idle server, then during every measured segment of each scenario. "
            + "This is the wait any other request (a page, a load balancer's readiness probe) has while the scenario runs. "
            + "`/health/ready` makes a grain call with a 5 s timeout.");
        Line();
        Line("| While | Probe | Answered 200 | Failed | p50 ms | p99 ms | max ms |");
        Line("|---|---|--:|---|--:|--:|--:|");
        foreach (var probes in idle)
        {
            ProbeRow("server idle", probes);
        }
        foreach (var comparison in comparisons)
        {
            foreach (var probes in comparison.Bystanders)
            {
                ProbeRow($"{comparison.Scenario} load", probes);
            }
        }
        Line();
    }

    public void StartTimes(IReadOnlyList<StartTiming> fresh, IReadOnlyList<StartTiming> restart)
    {
        if (fresh.Count == 0 && restart.Count == 0)
        {
            return;
        }
        Line("## Start-up to `/health/ready` (embedded mode)");
        Line();
        Line("Timed from launching `dotnet Cohortly.Frontend.dll` to the first 200 from `/health/ready` (polled every 10 ms), "
            + "which needs a grain call through the silo. \"Fresh\": a new, empty data directory each run (schema, signing key "
            + "and SQLite file created). \"Restart\": the same data directory with 11 accounts in it. The OS file cache is warm in both.");
        Line();
        Line("| Start | Runs | min ms | median ms | max ms | First HTTP answer, median ms | RSS at ready, median MiB | First `/api/me`, median ms | Graceful stop, median ms |");
        Line("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        StartRow("Fresh data directory", fresh);
        StartRow("Restart on existing data", restart);
        Line();
    }

    public void ServerLog(IReadOnlyList<string> lines)
    {
        lines = [.. lines.Where(line => line.Length > 0)];
        // The simple console formatter prints "warn: Category[id]" and the message on the next, indented line.
        var notable = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("warn:", StringComparison.Ordinal) || lines[i].StartsWith("fail:", StringComparison.Ordinal)
                || lines[i].StartsWith("crit:", StringComparison.Ordinal))
            {
                var message = i + 1 < lines.Count && lines[i + 1].StartsWith(' ') ? " — " + lines[i + 1].Trim() : "";
                notable.Add(lines[i] + message);
            }
        }
        Line("## Server log during the load");
        Line();
        Line(notable.Count == 0
            ? $"No warn/fail/crit entries among the last {lines.Count} lines the server printed (it logs at Warning)."
            : $"{notable.Count} warn/fail/crit entries among the last {lines.Count} lines the server printed; the distinct ones:");
        Line();
        foreach (var line in notable.Distinct().Take(10))
        {
            Line($"- `{(line.Length > 400 ? line[..400] + "…" : line)}`");
        }
        Line();
    }

    public override string ToString() => _text.ToString();

    private void Row(string name, string endpoint, HttpTotals totals, string ratio) =>
        Line(string.Format(Invariant, "| {0} | `{1}` | {2} | {3} | {4:0.0} | {5:0.00} | {6:0.00} | {7:0.00} | {8} | {9:0.000} | {10:0.00} / {11:0.00} / {12:0.00} |",
            name, endpoint, totals.Ok, totals.Errors, totals.RequestsPerSecond, totals.Latency.P50Ms, totals.Latency.P99Ms, totals.Latency.MaxMs,
            ratio, totals.ServerCpuMsPerRequest, totals.Cpu.ServerCores, totals.Cpu.DriverCores, totals.Cpu.OtherCores));

    private void ProbeRow(string name, Probes probes)
    {
        var latency = LatencySummary.Of(probes.Ticks);
        var failed = probes.Failures.Count == 0 ? "0" : string.Join(", ", probes.Failures.Select(f => $"{f.Value} × {f.Key}"));
        Line(string.Format(Invariant, "| {0} | `GET {1}` | {2} | {3} | {4:0.00} | {5:0.00} | {6:0.00} |",
            name, probes.Path, probes.Ticks.Count, failed, latency.P50Ms, latency.P99Ms, latency.MaxMs));
    }

    private void StartRow(string name, IReadOnlyList<StartTiming> timings)
    {
        if (timings.Count == 0)
        {
            return;
        }
        var ready = timings.Select(t => t.Ready.TotalMilliseconds).Order().ToList();
        var firstMe = timings.Where(t => t.FirstAuthenticatedRequest is not null).Select(t => t.FirstAuthenticatedRequest!.Value.TotalMilliseconds).ToList();
        var rss = timings.Where(t => t.ResidentMegabytes is not null).Select(t => t.ResidentMegabytes!.Value).ToList();
        Line(string.Format(Invariant, "| {0} | {1} | {2:0} | {3:0} | {4:0} | {5:0} | {6} | {7} | {8:0} |",
            name, timings.Count, ready[0], Median(ready), ready[^1],
            Median(timings.Select(t => t.FirstAnswer.TotalMilliseconds)),
            rss.Count == 0 ? "–" : Median(rss).ToString("0", Invariant),
            firstMe.Count == 0 ? "–" : Median(firstMe).ToString("0", Invariant),
            Median(timings.Select(t => t.Stop.TotalMilliseconds))));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private void Line(string text = "") => _text.Append(text).Append('\n');
}
