using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cohortly.Accounts;
using Cohortly.Analytics;
using Cohortly.Assignments;
using Cohortly.Benchmarking;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Silo.Hosting;
using Cohortly.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Orleans.Streams;

namespace Cohortly.AnalyticsLoad;

/// <summary>
/// Issue 17's projection figures on the embedded silo (the same <c>AddCohortlySilo</c> as Cohortly.Frontend, SQLite) hosted
/// in this process: (a) the dashboard read of a bootcamp of 5,000 students and 200 assignments, p95 next to a bare grain
/// read (<c>IBootcampGrain.GetAsync</c>) in the same run; (b) event → push latency while events flow at a fixed rate,
/// seen by a subscriber of the bootcamp's stream (what each front end's SignalR bridge listens to). The projection's facts
/// are seeded straight into its storage before its first activation (a million events through the stream would take longer
/// than the run); the bootcamp and its assignments are real grains. The events of (b) are published on the bootcamp's
/// stream, as a publishing grain's outbox hands them on, without the publishing grain's own write.
/// </summary>
public static class AnalyticsLoadProgram
{
    private const string StateName = "bootcamp-analytics";
    private const string GrainTypeName = "bootcampanalytics";

    public static async Task<int> Main(string[] args)
    {
        var students = Option(args, "--students", 5000);
        var assignmentCount = Option(args, "--assignments", 200);
        var reads = Option(args, "--reads", 200);
        var rate = Option(args, "--rate", 500);
        var seconds = Option(args, "--seconds", 10);
        var label = args.SkipWhile(a => a != "--label").Skip(1).FirstOrDefault();
        var command = "dotnet run -c Release -p:SkipClientApp=true --project benchmarks/Cohortly.AnalyticsLoad" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
        if (RepoPaths.Configuration != "Release")
        {
            Console.WriteLine($"WARNING: built as {RepoPaths.Configuration}; use -c Release for figures worth keeping.");
        }
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Analytics projection — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC{(label is null ? "" : $" ({label})")}");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{command}`");
        foreach (var line in Machine.MarkdownLines())
        {
            report.AppendLine(line);
        }

        using var data = new TempDirectory("cohortly-bench-analytics");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cohortly:DataDirectory"] = data.Path,
            ["Cohortly:Orleans:SiloPort"] = "0",
            ["Cohortly:Orleans:GatewayPort"] = "0",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCohortlySilo();
        // The first read of a million pieces of work outlasts Orleans' default 30 s call timeout on a busy machine.
        builder.Services.Configure<Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(5));
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var client = host.Services.GetRequiredService<IClusterClient>();
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Cohortly);

        var instructor = new Caller(SecureTokens.NewId(), "Bench Instructor", [Roles.Instructor]);
        var bootcampId = SecureTokens.NewId();
        await grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(instructor, new BootcampDetails(
            "Analytics bench", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90), students, 0, "USD", ["bench"], ImmutableArray<string>.Empty));
        var assignmentIds = new string[assignmentCount];
        foreach (var chunk in Enumerable.Range(0, assignmentCount).Chunk(16))
        {
            await Task.WhenAll(chunk.Select(async i =>
            {
                assignmentIds[i] = SecureTokens.NewId();
                await grains.GetGrain<IAssignmentGrain>(assignmentIds[i]).CreateAsync(instructor, bootcampId,
                    new AssignmentDetails($"Work {i:D3}", "", DateTimeOffset.UtcNow.AddDays(30 + i % 30), 100, [], 100, LatePolicy.None));
            }));
        }

        var (facts, gaps) = Seed(students, assignmentIds);
        Console.WriteLine($"Seeded {facts.Students.Count} students, {facts.Work.Count} pieces of work, {gaps.Count} pairs without work.");
        // The cost of one write of the whole state, which is what the projection paid per event: on a scratch key, so the
        // projection's own row (and the etag its activation will hold) is untouched.
        var writeTimes = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await storage.WriteStateAsync(StateName, GrainId.Create(GrainTypeName, $"bench-scratch-{i}"), new GrainState<BootcampAnalyticsState>(facts));
            writeTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        // The assignments' events have activated the projection (it built itself from the empty bootcamp): let it settle,
        // deactivate it, and put the facts beneath it with the stored row's etag; its next activation reads them.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var stored = new GrainState<BootcampAnalyticsState>();
        await storage.ReadStateAsync(StateName, GrainId.Create(GrainTypeName, bootcampId), stored);
        stored.State = facts;
        await storage.WriteStateAsync(StateName, GrainId.Create(GrainTypeName, bootcampId), stored);
        var dbBytes = new FileInfo(Path.Combine(data.Path, "cohortly.db")).Length + (File.Exists(Path.Combine(data.Path, "cohortly.db-wal")) ? new FileInfo(Path.Combine(data.Path, "cohortly.db-wal")).Length : 0);

        var analytics = grains.GetGrain<IBootcampAnalyticsGrain>(bootcampId);
        var bootcamp = grains.GetGrain<IBootcampGrain>(bootcampId);
        var firstStarted = Stopwatch.GetTimestamp();
        var first = await analytics.GetDashboardAsync(instructor);
        var firstMs = Stopwatch.GetElapsedTime(firstStarted).TotalMilliseconds;
        Console.WriteLine($"First read (activation): {firstMs:F0} ms; enrolled {first.Enrolled}, on time {first.Submissions.OnTime}, late {first.Submissions.Late}.");

        // (a) Alternating bare and dashboard reads, so a drift in machine speed lands on both.
        var bare = new List<double>();
        var dashboard = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            await bootcamp.GetAsync();
            await analytics.GetDashboardAsync(instructor);
        }
        for (var i = 0; i < reads; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await bootcamp.GetAsync();
            bare.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            started = Stopwatch.GetTimestamp();
            await analytics.GetDashboardAsync(instructor);
            dashboard.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // (b) Each event is a first submission of a pair that had none: it raises submissions.onTime by one, so the pushed
        // value says which events a push reflects.
        var baseOnTime = first.Submissions.OnTime;
        var pushes = new List<(decimal Value, long At)>();
        var stream = client.GetStreamProvider(EventStreams.Provider).GetStream<DomainEvent>(StreamId.Create(EventStreams.Bootcamp, bootcampId));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            if (e is AnalyticsChanged { Metric: "submissions.onTime", Value: { } value })
            {
                lock (pushes)
                {
                    pushes.Add((value, Stopwatch.GetTimestamp()));
                }
            }
            return Task.CompletedTask;
        });
        var total = Math.Min(rate * seconds, gaps.Count);
        var publishedAt = new long[total];
        var tick = TimeSpan.FromMilliseconds(10);
        var perTick = Math.Max(1, rate / 100);
        var flowStarted = Stopwatch.GetTimestamp();
        var sent = 0;
        var dashboardUnderLoad = new List<double>();
        var reader = Task.Run(async () =>
        {
            // A reader every 200 ms while the events flow: what an instructor opening the page then waits.
            while (Volatile.Read(ref sent) < total)
            {
                var started = Stopwatch.GetTimestamp();
                await analytics.GetDashboardAsync(instructor);
                dashboardUnderLoad.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await Task.Delay(200);
            }
        });
        while (sent < total)
        {
            var due = flowStarted + (long)(Stopwatch.Frequency * tick.TotalSeconds * (sent / perTick));
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            var batch = Math.Min(perTick, total - sent);
            var sends = new Task[batch];
            for (var k = 0; k < batch; k++)
            {
                var (studentId, assignmentId) = gaps[sent + k];
                publishedAt[sent + k] = Stopwatch.GetTimestamp();
                sends[k] = stream.OnNextAsync(new SubmissionCreated(SecureTokens.NewId(), DateTimeOffset.UtcNow, bootcampId, assignmentId, studentId, "Bench", 1, false));
            }
            await Task.WhenAll(sends);
            Volatile.Write(ref sent, sent + batch);
        }
        var flowSeconds = Stopwatch.GetElapsedTime(flowStarted).TotalSeconds;
        await reader;
        var catchUp = TimeSpan.FromSeconds(Option(args, "--catch-up", 60));
        var waitStarted = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(waitStarted) < catchUp && Reflected() < total)
        {
            await Task.Delay(100);
        }
        await subscription.UnsubscribeAsync();
        var latencies = new List<double>();
        List<(decimal Value, long At)> seen;
        lock (pushes)
        {
            seen = [.. pushes];
        }
        for (var i = 0; i < total; i++)
        {
            var push = seen.FirstOrDefault(p => p.Value - baseOnTime >= i + 1);
            if (push.At != 0)
            {
                latencies.Add(Stopwatch.GetElapsedTime(publishedAt[i], push.At).TotalMilliseconds);
            }
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"- Bootcamp: {students:N0} students, {assignmentCount} assignments, {facts.Work.Count:N0} pieces of work, {facts.RecentEventIds.Count:N0} remembered event ids; SQLite file after the seed {dbBytes / 1048576.0:F1} MiB.");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Seeded straight into the projection's storage before its first activation; the bootcamp and assignments are real grains.");
        report.AppendLine();
        report.AppendLine("| Figure | p50 ms | p95 ms | p99 ms | max ms | n |");
        report.AppendLine("|---|--:|--:|--:|--:|--:|");
        report.AppendLine(Row("Bare grain read (`IBootcampGrain.GetAsync`)", bare));
        report.AppendLine(Row("Dashboard read (`GetDashboardAsync`), quiet bootcamp", dashboard));
        report.AppendLine(Row($"Dashboard read every 200 ms while {rate} events/s flow", dashboardUnderLoad));
        report.AppendLine(Row("One write of the whole state (storage, scratch key)", writeTimes));
        report.AppendLine(Row($"Event → `analytics` push at {rate} events/s", latencies));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Dashboard p95 ÷ bare read p95: **{Percentile(dashboard, 95) / Percentile(bare, 95):F0}x**; first read (activation, reads the state) {firstMs:F0} ms.");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Events: {total:N0} published in {flowSeconds:F1} s ({total / flowSeconds:F0}/s); {latencies.Count:N0} reflected by a push within {catchUp.TotalSeconds:F0} s of the last; {seen.Count} `submissions.onTime` pushes.");
        Console.WriteLine(report);
        var results = Path.Combine(RepoPaths.Root, "benchmarks", "results", $"analytics-{DateTimeOffset.UtcNow:yyyy-MM-dd}{(label is null ? "" : "-" + label)}.md");
        await File.WriteAllTextAsync(results, report.ToString());
        Console.WriteLine($"Wrote {results}");
        await host.StopAsync();
        return 0;

        int Reflected()
        {
            lock (pushes)
            {
                return pushes.Count == 0 ? 0 : (int)(pushes.Max(p => p.Value) - baseOnTime);
            }
        }
    }

    /// <summary>
    /// Facts as a bootcamp half-way through would have them: every student enrolled over the first weeks, nine in ten pieces
    /// of work handed in (one in ten late), four in five graded, ten active days each, a full window of event ids.
    /// </summary>
    private static (BootcampAnalyticsState Facts, List<(string StudentId, string AssignmentId)> Gaps) Seed(int students, string[] assignmentIds)
    {
        var random = new Random(17);
        var now = DateTimeOffset.UtcNow;
        var facts = new BootcampAnalyticsState { Built = true };
        var gaps = new List<(string, string)>();
        var zone = TimeZoneInfo.Utc;
        for (var s = 0; s < students; s++)
        {
            var studentId = SecureTokens.NewId();
            var enrolledAt = now.AddDays(-40).AddMinutes(random.Next(0, 20 * 24 * 60));
            facts.Students[studentId] = new StudentFacts { EnrolledAt = enrolledAt, Enrolled = true, StatusAt = enrolledAt };
            foreach (var assignmentId in assignmentIds)
            {
                if (random.Next(10) == 0)
                {
                    gaps.Add((studentId, assignmentId));
                    continue;
                }
                var graded = random.Next(5) != 0;
                facts.Work[ISubmissionGrain.KeyOf(assignmentId, studentId)] = new WorkFacts
                {
                    LatestVersion = 1 + random.Next(2),
                    Late = random.Next(10) == 0,
                    ScorePercent = graded ? random.Next(30, 101) : null,
                    GradedAt = graded ? now.AddDays(-random.Next(1, 20)) : null,
                };
            }
            for (var d = 0; d < 10; d++)
            {
                facts.MarkActive(studentId, now.AddDays(-random.Next(0, 30)), zone);
            }
        }
        for (var i = 0; i < BootcampAnalyticsGrain.SeenWindow; i++)
        {
            facts.RecentEventIds.Add(SecureTokens.NewId());
        }
        // Interleave students so the flowing events touch many of them, as a real burst would.
        return (facts, [.. gaps.OrderBy(_ => random.Next())]);
    }

    private static string Row(string name, List<double> values) => values.Count == 0
        ? $"| {name} | – | – | – | – | 0 |"
        : string.Create(CultureInfo.InvariantCulture, $"| {name} | {Percentile(values, 50):F2} | {Percentile(values, 95):F2} | {Percentile(values, 99):F2} | {values.Max():F2} | {values.Count} |");

    private static double Percentile(List<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
