using System.Globalization;
using System.Text;

namespace Cohortly.DomainLoad;

/// <summary>The Markdown written to the console and to benchmarks/results/domain-&lt;date&gt;.md.</summary>
public sealed class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly StringBuilder _text = new();

    public Report(string command, DomainOptions options, DateTimeOffset startedAt)
    {
        Line($"# Cohortly domain load test — {startedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant)}");
        Line();
        Line($"- Command: `{command}` (build flags such as `-p:SkipClientApp=true` do not change what is measured)");
        Line($"- Code: {SourceState()}");
        foreach (var line in Machine.MarkdownLines())
        {
            Line(line);
        }
        Line($"- **The driver (HTTP load, up to 2,000 SignalR client connections) and the server share these {Environment.ProcessorCount} cores.** "
            + "Every table says how many cores the server, the driver and other processes used; compare ratios to the bare baseline measured "
            + "in the same run, not raw rates, with other machines. Push latencies are read by the driver's clock when its SignalR client "
            + "hands the message over, so the driver's own queueing for CPU is inside them.");
        Line("- Server: `Cohortly.Frontend` (Release) in embedded mode (co-hosted silo, SQLite in a fresh temp data directory per scenario), "
            + "Production environment, log level Warning, `Cohortly__Benchmarks__Baseline=true`, `Cohortly__Auth__ClientRequestsPerMinute=100000000`, "
            + "fixed silo and gateway ports.");
        Line("- Seeding (not measured) goes through an Orleans client on the embedded silo's gateway: accounts via `IEmailIndexGrain.RegisterAsync` "
            + "with one shared precomputed PBKDF2 hash, sessions via `IUserGrain.StartSessionAsync`, access JWTs made like `TokenService` with the "
            + "data directory's signing key; the server checks each token's session on every request as usual.");
        Line($"- HTTP load: closed loop on 127.0.0.1 keep-alive, {options.Concurrency} workers unless a table says otherwise; "
            + $"{options.Rounds} rounds, baseline and scenario alternating (A B, B A, …); timed segments of {options.Segment.TotalSeconds:0.#} s; "
            + $"{options.Warmup.TotalSeconds:0.#} s warm-up per target. The server is left to go idle (< {BenchApp.QuietCores:0.00} cores for 1 s) "
            + "before each timed stretch, so no figure pays for the previous one's leftover events.");
        Line();
    }

    public void Enroll(EnrollResult result)
    {
        Line($"## 1. Enroll and submit: {result.Students:N0} students into one bootcamp, over HTTP");
        Line();
        Line("Each round, one batch of the students enrolls (`POST /api/bootcamps/{id}/enrollments`, 201) and then the same batch submits "
            + $"(`POST /api/assignments/{{id}}/submissions` with ~{EnrollScenario.SubmissionText.Length:N0} characters of text, 201), one request per student, "
            + "so every measured enrollment is a first enrollment and every submission a first version. 64 other students warmed the same paths "
            + "up on another bootcamp first.");
        Line();
        HttpTable([result.Enroll, result.Submit]);
        Line($"Checks: the bootcamp reports `enrolledCount` {result.EnrolledCount:N0}; the assignment's submission list reports `total` "
            + $"{result.SubmissionTotal:N0} (expected {result.Students:N0} each).");
        Line();
        Background("enrollment", result.AfterEnroll, result.Students);
        Background("submission", result.AfterSubmit, result.Students);
        Line();
        Errors([result.Enroll, result.Submit]);
        ServerLog(result.ServerLog, result.ServerLogLines);
    }

    public void List(ListResult result)
    {
        Line($"## 2. First page of a {result.Students:N0}-student bootcamp's lists, as the instructor");
        Line();
        Line("Seeded through the grains (not measured):");
        Line();
        Line("| Step | Took s | per s |");
        Line("|---|--:|--:|");
        foreach (var (what, took) in result.Seeding)
        {
            Line(F("| {0} | {1:0.0} | {2:0} |", what, took.TotalSeconds, result.Students / took.TotalSeconds));
        }
        Line();
        Line(F("After the last grain call returned, the server stayed busy for another **{0:0.0} s** ({1:0.0} server CPU s){2}: the "
            + "domain events of the seeding (an `enrollment.confirmed` to each student's inbox, a `submission.created` to the instructor's) are "
            + "written after the calls that caused them have returned.", result.AfterSeeding.Elapsed.TotalSeconds, result.AfterSeeding.Cpu.Server.TotalSeconds,
            result.AfterSeeding.Reached ? "" : " and was still not idle at the 5-minute limit"));
        Line();
        foreach (var check in result.Checks)
        {
            Line($"- {check}");
        }
        Line();
        Line("Warm (grains active), alternating with the baseline. At concurrency 1 the latency is what one instructor waits; at the higher "
            + "concurrency the rate is what the server sustains.");
        Line();
        HttpTable(result.Comparisons);
        Line("Cold: the server restarted on the same data (every grain deactivated), one request on a one-student bootcamp first so that JIT "
            + "and the instructor's session are warm, then the big bootcamp's first page twice:");
        Line();
        Line("| Restart | Endpoint | First call ms | Second call ms |");
        Line("|--:|---|--:|--:|");
        foreach (var cold in result.Cold)
        {
            Line(F("| {0} | `{1}` first page | {2:0.0} | {3:0.0} |", cold.Restart, cold.Endpoint, cold.FirstMs, cold.SecondMs));
        }
        Line();
        Errors(result.Comparisons);
        ServerLog(result.ServerLog, result.ServerLogLines);
    }

    public void Fanout(FanoutResult result)
    {
        var app = result.App;
        var bare = result.Bare;
        Line($"## 3. Announcement fan-out: {result.Clients:N0} connections in one bootcamp ({result.Users:N0} students)");
        Line();
        Swarms(result.Swarms);
        Line("**Latency**, one announcement at a time on an idle server (the server is let go idle between announcements). Per client = "
            + "receive time at that connection − time the driver sent the POST; \"until the last\" = per announcement, until the last connection had it.");
        Line();
        Line("| Hub | Trigger | Announcements | Deliveries | Missing | Per client p50 ms | p99 ms | max ms | Until the last, p50 ms | max ms | POST answered p50 ms | p99 ms | Push after the answer p50 ms | p99 ms |");
        Line("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var side in new[] { bare, app })
        {
            Line(F("| `{0}` | `{1}` | {2} | {3:N0} | {4} | {5:0.0} | {6:0.0} | {7:0.0} | {8:0.0} | {9:0.0} | {10:0.0} | {11:0.0} | {12:0.0} | {13:0.0} |",
                side.Hub, side.Endpoint, side.Latency.Messages, side.Latency.Delivered, side.Latency.Missing, side.Latency.Latency.P50Ms,
                side.Latency.Latency.P99Ms, side.Latency.Latency.MaxMs, side.Latency.LastClientLatency.P50Ms, side.Latency.LastClientLatency.MaxMs,
                side.PostLatency.P50Ms, side.PostLatency.P99Ms, side.Latency.AfterAnswer.P50Ms, side.Latency.AfterAnswer.P99Ms));
        }
        Line();
        Line("\"Push after the answer\" is receive time − the moment the POST's answer was complete: the push path alone (negative when the "
            + "push overtook the answer, as it does on the bare hub, which answers only after its broadcast is written).");
        Line();
        Line(F("**Throughput**, bursts of back-to-back announcements ({0} POSTs in flight), from the first POST until the last connection had the last one:", result.BurstInFlight));
        Line();
        Line("| Hub | Bursts | Announcements | Announcements/s | Deliveries/s | Per client p50 ms | p99 ms | max ms | Missing | Cores server / driver / others | Server threads, max | Busy afterwards, s (each burst) |");
        Line("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var side in new[] { bare, app })
        {
            var all = side.Bursts.Select(b => b.Stats).ToList();
            var cpu = CpuUse.Sum(side.Bursts.Select(b => b.Cpu));
            Line(F("| `{0}` | {1} | {2} | {3:0.0} | {4:N0} | {5:0} | {6:0} | {7:0} | {8} | {9} | {10} | {11} |",
                side.Hub, side.Bursts.Count, side.Bursts.Sum(b => b.Announcements), side.AnnouncementsPerSecond, side.DeliveriesPerSecond,
                Weighted(all, s => s.Latency.P50Ms), all.Count == 0 ? double.NaN : all.Max(s => s.Latency.P99Ms), all.Count == 0 ? double.NaN : all.Max(s => s.Latency.MaxMs),
                all.Sum(s => s.Missing), cpu.Describe(), cpu.MaxServerThreads,
                string.Join(", ", side.Bursts.Select(b => (b.After.Reached ? "" : "≥ ") + b.After.Elapsed.TotalSeconds.ToString("0.0", Invariant)))));
        }
        Line();
        Line("(Per-client p50 in the burst table is the mean of the bursts' medians; p99 and max are the worst burst's. \"Busy afterwards\": "
            + "how long after the last push the server kept working — storing the burst's announcements (the bootcamp's feed); ≥ means "
            + "it was still not idle at the limit.)");
        Line();
        var ratio = app.AnnouncementsPerSecond / bare.AnnouncementsPerSecond;
        var ranges = app.Bursts.Zip(bare.Bursts, (a, b) => a.AnnouncementsPerSecond / b.AnnouncementsPerSecond).ToList();
        Line("**Against the issue's targets:**");
        Line();
        Line(F("- p99 ≤ 50 ms from announcement to each client: measured p99 **{0:0.0} ms** (bare hub {1:0.0} ms) → **{2}**.",
            app.Latency.Latency.P99Ms, bare.Latency.Latency.P99Ms, app.Latency.Latency.P99Ms <= 50 ? "met" : "not met"));
        Line(F("- Throughput ≥ 0.7× the bare broadcast: **{0:0.00}×** ({1:0.0} vs {2:0.0} announcements/s; per round {3}) → **{4}**.",
            ratio, app.AnnouncementsPerSecond, bare.AnnouncementsPerSecond,
            string.Join(", ", ranges.Select(r => r.ToString("0.00", Invariant) + "×")), ratio >= 0.7 ? "met" : "not met"));
        Line();
        var afterEach = app.AfterEach.Select(q => q.Elapsed.TotalSeconds).ToList();
        Line(F("After every connection had an announcement, the server stayed busy a median **{0:0.00} s** more (max {1:0.00} s; "
            + "{2:0.0} server CPU s per announcement; granularity 0.5 s): what an announcement leaves to do after its pushes, chiefly its one write to the bootcamp's feed, which the {3:N0} students' inboxes read. The bare hub: {4:0.00} s.",
            Median(afterEach), afterEach.Count == 0 ? double.NaN : afterEach.Max(), app.AfterEach.Count == 0 ? double.NaN : app.AfterEach.Average(q => q.Cpu.Server.TotalSeconds),
            result.Users, Median(bare.AfterEach.Select(q => q.Elapsed.TotalSeconds))));
        Line();
        Line($"- {result.InboxCheck}");
        Line($"- Pushes that matched no announcement in flight (late after a 10 s give-up, or duplicates): {result.Unexpected}.");
        foreach (var side in new[] { bare, app }.Where(s => s.Errors > 0))
        {
            Line($"- `{side.Endpoint}` failed {side.Errors} times; first answers: {string.Join(" | ", side.ErrorSamples.Select(e => $"`{e.ReplaceLineEndings(" ")}`"))}");
        }
        Line();
        ServerLog(result.ServerLog, result.ServerLogLines);
    }

    public void Direct(DirectResult result)
    {
        var perUser = result.Connections / result.Users;
        Line($"## 4. Notifications to individual users: {result.Users:N0} students × {perUser} connection(s), {result.Connections:N0} connected");
        Line();
        Swarms(result.Swarms);
        Line(F("The instructor grades in a closed loop of {0} requests in flight, round-robin over the students; each grade is one "
            + "`grade.published` on each of that student's connections. The bare side broadcasts the same-shaped payload on a bare hub with "
            + "{1} connection(s), i.e. the same number of sockets per message: the app has no bare per-connection send, so this is the "
            + "nearest bare equivalent (as the issue allows). Delivered/s runs from a segment's start until its last notification arrived.",
            result.Concurrency, perUser));
        Line();
        Line("| Side | Request | OK | Errors | req/s | Request p50 ms | p99 ms | Notifications delivered | Delivered/s | Send→push p50 ms | p99 ms | max ms | Answer→push p50 ms | p99 ms | Missing | Server CPU ms per notification | Cores server / driver / others | Server threads, max |");
        Line("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var side in new[] { result.Bare, result.App })
        {
            var http = side.Http;
            Line(F("| {0} | `{1}` | {2:N0} | {3} | {4:0.0} | {5:0.0} | {6:0.0} | {7:N0} | {8:0.0} | {9:0.0} | {10:0.0} | {11:0.0} | {12:0.0} | {13:0.0} | {14} | {15:0.00} | {16} | {17} |",
                side.Name, side.Endpoint, http.Ok, http.Errors, http.RequestsPerSecond, http.Latency.P50Ms, http.Latency.P99Ms, side.Delivered,
                side.DeliveriesPerSecond, side.Latency.P50Ms, side.Latency.P99Ms, side.Latency.MaxMs, side.AfterAnswer.P50Ms, side.AfterAnswer.P99Ms, side.Missing,
                side.Delivered == 0 ? double.NaN : http.Cpu.Server.TotalMilliseconds / side.Delivered, http.Cpu.Describe(), http.Cpu.MaxServerThreads));
        }
        Line();
        Line("Send→push: from sending the request to the push arriving on a connection. Answer→push: from the HTTP answer to the push, "
            + "i.e. the push path alone (negative when the push overtook the answer).");
        Line();
        var ratios = result.App.Segments.Zip(result.Bare.Segments, (a, b) => a.DeliveriesPerSecond / b.DeliveriesPerSecond).ToList();
        Line(F("Delivered notifications/s, app ÷ bare: **{0:0.000}** (per round {1}).", result.App.DeliveriesPerSecond / result.Bare.DeliveriesPerSecond,
            string.Join(", ", ratios.Select(r => r.ToString("0.000", Invariant)))));
        Line($"Pushes that matched no grade in flight: {result.Unexpected}.");
        Line();
        Errors([new HttpComparison("grade", result.App.Endpoint, result.Concurrency, [.. result.Bare.Segments.Select(s => s.Http)], [.. result.App.Segments.Select(s => s.Http)])]);
        ServerLog(result.ServerLog, result.ServerLogLines);
    }

    public void Failed(string scenario, Exception exception)
    {
        Line($"## {scenario}: did not complete");
        Line();
        Line("```");
        Line(exception.ToString().Length > 3000 ? exception.ToString()[..3000] + "…" : exception.ToString());
        Line("```");
        Line();
    }

    public override string ToString() => _text.ToString();

    private void HttpTable(IReadOnlyList<HttpComparison> comparisons)
    {
        Line("| Target | Endpoint | Workers | OK | Errors | req/s | p50 ms | p99 ms | max ms | Ratio to baseline (per-round range) | Server CPU ms/req | Cores server / driver / others | Server threads, max |");
        Line("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        HttpTotals? lastBaseline = null;
        foreach (var comparison in comparisons)
        {
            var baseline = comparison.BaselineTotals;
            // Scenarios that share their baseline segments (enroll and submit) show it once.
            if (lastBaseline is null || baseline.Ok != lastBaseline.Ok)
            {
                HttpRow("baseline", BaselineTarget.Endpoint, comparison.Concurrency, baseline, "1");
            }
            lastBaseline = baseline;
            var (min, max) = comparison.RatioRange;
            HttpRow(comparison.Name, comparison.Endpoint, comparison.Concurrency, comparison.MeasuredTotals,
                F("**{0:0.0000}** ({1:0.0000}–{2:0.0000})", comparison.Ratio, min, max));
        }
        Line();
        Line("Ratio = scenario req/s ÷ baseline req/s over all rounds; the range is the same ratio per round. Cores = CPU seconds per second "
            + $"of wall time, from /proc (out of {Environment.ProcessorCount}). Server threads: the most the server process had, sampled every 100 ms "
            + "(the thread pool adds threads when work blocks them, so growth under load means blocking, not CPU).");
        Line();
    }

    private void HttpRow(string name, string endpoint, int workers, HttpTotals totals, string ratio) =>
        Line(F("| {0} | `{1}` | {2} | {3:N0} | {4} | {5:0.0} | {6:0.00} | {7:0.00} | {8:0.00} | {9} | {10:0.000} | {11} | {12} |",
            name, endpoint, workers, totals.Ok, totals.Errors, totals.RequestsPerSecond, totals.Latency.P50Ms, totals.Latency.P99Ms, totals.Latency.MaxMs,
            ratio, totals.ServerCpuMsPerRequest, totals.Cpu.Describe(), totals.Cpu.MaxServerThreads));

    private void Background(string what, IReadOnlyList<Quiet> after, int count)
    {
        var seconds = after.Sum(q => q.Elapsed.TotalSeconds);
        var cpu = after.Sum(q => q.Cpu.Server.TotalSeconds);
        Line(F("- After the {0} segments had all their answers, the server stayed busy {1:0.0} s more in all ({2:0.0} server CPU s, {3:0.00} ms per {0}){4}: "
            + "the events they published being worked off (stream delivery, inbox writes).", what, seconds, cpu, cpu * 1000 / count,
            after.All(q => q.Reached) ? "" : ", and was not idle at the 60 s limit at least once"));
    }

    private void Swarms(IReadOnlyList<SwarmInfo> swarms)
    {
        Line("| Hub | Connections | Connected in s | Per connection p50 ms | p99 ms | max ms | Retries | Closed during the run |");
        Line("|---|--:|--:|--:|--:|--:|--:|---|");
        foreach (var swarm in swarms)
        {
            var closed = swarm.Closed == 0 ? "0" : $"{swarm.Closed}: " + string.Join("; ", swarm.ClosedReasons.Select(r => $"{r.Value} × {r.Key}"));
            Line(F("| `{0}` | {1:N0} | {2:0.0} | {3:0} | {4:0} | {5:0} | {6} | {7} |", swarm.Hub, swarm.Connections, swarm.Wall.TotalSeconds,
                swarm.PerConnection.P50Ms, swarm.PerConnection.P99Ms, swarm.PerConnection.MaxMs, swarm.Retries, closed));
        }
        Line();
        Line("Connections are opened a few at a time (negotiate, WebSocket, handshake, and for the app hub the JWT and session check and "
            + "OnConnected: joining the user's and the bootcamp's groups and subscribing to their streams).");
        Line();
    }

    private void Errors(IReadOnlyList<HttpComparison> comparisons)
    {
        var failures = comparisons.SelectMany(c => new[] { ("baseline", c.BaselineTotals), (c.Name, c.MeasuredTotals) })
            .Where(x => x.Item2.Errors > 0)
            .DistinctBy(x => x.Item1)
            .ToList();
        Line(failures.Count == 0
            ? "Errors: none; every measured request got the expected status."
            : "Errors:");
        foreach (var (name, totals) in failures)
        {
            foreach (var (kind, count) in totals.ErrorKinds.OrderByDescending(e => e.Value))
            {
                Line($"- {name}: {count} × {kind}; first answer: `{totals.ErrorSamples.GetValueOrDefault(kind, "").ReplaceLineEndings(" ")}`");
            }
        }
        Line();
    }

    private void ServerLog(IReadOnlyList<(string Entry, int Count)> notable, int lines)
    {
        Line(notable.Count == 0
            ? $"Server log: no warn/fail/crit entries among the {lines} lines it printed during this scenario (it logs at Warning)."
            : $"Server log: {notable.Sum(n => n.Count)} warn/fail/crit entries among the {lines} lines it printed during this scenario; the distinct ones:");
        Line();
        foreach (var (entry, count) in notable.Take(12))
        {
            Line($"- {count} × `{entry.Replace('`', '\'')}`");
        }
        if (notable.Count > 0)
        {
            Line();
        }
    }

    private static double Weighted(List<DeliveryStats> stats, Func<DeliveryStats, double> value) =>
        stats.Count == 0 ? double.NaN : stats.Average(value);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string F(string format, params object?[] args) => string.Format(Invariant, format, args);

    /// <summary>The commit, and any uncommitted change outside benchmarks/: the figures belong to that code, not to HEAD alone.</summary>
    private static string SourceState()
    {
        try
        {
            var head = Git("rev-parse --short HEAD").Trim();
            var changed = Git("status --porcelain --untracked-files=no").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line[3..].Trim())
                .Where(path => !path.StartsWith("benchmarks/", StringComparison.Ordinal))
                .ToList();
            return changed.Count == 0
                ? $"commit `{head}`, no uncommitted change to the app."
                : $"commit `{head}` plus uncommitted changes to {string.Join(", ", changed.Select(p => $"`{p}`"))} (the build measured included them).";
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return "unknown (git not available).";
        }
    }

    private static string Git(string arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = Cohortly.Testing.RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var git = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0 ? output : throw new InvalidOperationException($"git {arguments} failed.");
    }

    private void Line(string text = "") => _text.Append(text).Append('\n');
}
