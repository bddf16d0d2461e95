using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Cohortly.DomainLoad;

/// <summary>The first call after a restart: every grain behind the page is read from SQLite.</summary>
public sealed record ColdCall(string Endpoint, int Restart, double FirstMs, double SecondMs);

public sealed record ListResult(
    int Students,
    IReadOnlyList<(string What, TimeSpan Took)> Seeding,
    Quiet AfterSeeding,
    IReadOnlyList<string> Checks,
    IReadOnlyList<HttpComparison> Comparisons,
    IReadOnlyList<ColdCall> Cold,
    IReadOnlyList<(string Entry, int Count)> ServerLog,
    int ServerLogLines);

/// <summary>
/// Figure 2: the instructor opens the first page of a 5,000-student bootcamp's latest submissions, and of its
/// roster. Both lists live in fixed-size page grains, so a page should cost the same however large the bootcamp;
/// this checks that with warm grains (latency at one call in flight, throughput at many) and with cold ones
/// (first call after a restart).
/// </summary>
public static class ListScenario
{
    public static async Task<ListResult> RunAsync(DomainOptions options)
    {
        Console.WriteLine($"[list] starting a server; seeding {options.ListStudents} students, each enrolled with one submission, through the grains");
        await using var app = await BenchApp.StartAsync(options.Concurrency + 8);
        var logMark = app.Log.Mark;
        var seeder = new Seeder(app, options.SeedParallelism);
        var (_, instructor) = await seeder.StaffAsync();
        var token = seeder.Token(instructor);
        var bootcampId = await Seeder.CreateBootcampAsync(app.Http, token, $"Bench: {options.ListStudents} students");
        var assignmentId = await Seeder.CreateAssignmentAsync(app.Http, token, bootcampId, "Bench assignment");
        // A one-student bootcamp: after a restart, listing it first compiles the endpoints and opens the instructor's
        // session, so the timed first call on the big one is grain activation, not JIT.
        var smallBootcampId = await Seeder.CreateBootcampAsync(app.Http, token, "Bench: one student");
        var smallAssignmentId = await Seeder.CreateAssignmentAsync(app.Http, token, smallBootcampId, "Bench assignment");

        var seeding = new List<(string, TimeSpan)>();
        var clock = Stopwatch.StartNew();
        var students = await seeder.StudentsAsync("list", options.ListStudents, sessions: false);
        seeding.Add(($"register {options.ListStudents} students (IEmailIndexGrain.RegisterAsync)", clock.Elapsed));
        Console.WriteLine($"  seeded {options.ListStudents} registrations in {clock.Elapsed.TotalSeconds:0.0} s");
        seeding.Add(($"enroll them (IEnrollmentGrain.EnrollAsync)", await Seeder.TimedAsync($"{options.ListStudents} enrollments", () => seeder.EnrollAsync(bootcampId, students))));
        seeding.Add(($"one submission each (ISubmissionGrain.SubmitAsync)", await Seeder.TimedAsync($"{options.ListStudents} submissions", () => seeder.SubmitAsync(assignmentId, students, EnrollScenario.SubmissionText))));
        var small = await seeder.StudentsAsync("small", 1, sessions: false);
        await seeder.EnrollAsync(smallBootcampId, small);
        await seeder.SubmitAsync(smallAssignmentId, small, EnrollScenario.SubmissionText);
        Console.WriteLine("[list] waiting for the server to work off the events of the seeding (inbox writes)");
        var quiet = await app.WaitForQuietAsync(TimeSpan.FromMinutes(5));
        Console.WriteLine($"[list]   idle after {quiet.Elapsed.TotalSeconds:0.0} s ({quiet.Cpu.Server.TotalSeconds:0.0} server CPU s){(quiet.Reached ? "" : ", NOT idle at the limit")}");

        var submissionsPath = $"/api/assignments/{assignmentId}/submissions?page=1&pageSize=100";
        var rosterPath = $"/api/bootcamps/{bootcampId}/enrollments?page=1&pageSize=100";
        const string SubmissionsEndpoint = "GET /api/assignments/{id}/submissions?page=1&pageSize=100";
        const string RosterEndpoint = "GET /api/bootcamps/{id}/enrollments?page=1&pageSize=100";
        var checks = new List<string>
        {
            await CheckAsync(app.Http, submissionsPath, SubmissionsEndpoint, token, options.ListStudents),
            await CheckAsync(app.Http, rosterPath, RosterEndpoint, token, options.ListStudents),
        };

        var load = new HttpLoad(app.Http, app.Server);
        var baseline = BaselineTarget.Create();
        HttpTarget[] targets =
        [
            Get("submissions", SubmissionsEndpoint, submissionsPath, token),
            Get("roster", RosterEndpoint, rosterPath, token),
        ];
        Console.WriteLine($"[list] warm-up {options.Warmup.TotalSeconds:0.#} s per target");
        foreach (var target in targets.Prepend(baseline))
        {
            await load.RunAsync(target, options.Concurrency, options.Warmup, long.MaxValue);
        }
        var comparisons = new List<HttpComparison>();
        // One call in flight: the time an instructor waits for the page. Many: what the server sustains.
        foreach (var concurrency in new[] { 1, options.Concurrency }.Distinct())
        {
            foreach (var target in targets)
            {
                var baselineSegments = new List<HttpSegment>();
                var measured = new List<HttpSegment>();
                for (var round = 0; round < options.Rounds; round++)
                {
                    foreach (var next in round % 2 == 0 ? new[] { baseline, target } : [target, baseline])
                    {
                        var segment = await load.RunAsync(next, concurrency, options.Segment, long.MaxValue);
                        (next == baseline ? baselineSegments : measured).Add(segment);
                        Console.WriteLine($"[list] c={concurrency,-3} round {round + 1}/{options.Rounds} {next.Name,-11}: {segment.RequestsPerSecond,9:0.0} req/s, "
                            + $"{segment.Ok} ok, {segment.ErrorCount} errors, p50 {LatencySummary.Of(segment.LatencyTicks).P50Ms:0.00} ms, "
                            + $"p99 {LatencySummary.Of(segment.LatencyTicks).P99Ms:0.00} ms, cores {segment.Cpu.Describe()}");
                    }
                }
                comparisons.Add(new HttpComparison(target.Name, target.Endpoint, concurrency, baselineSegments, measured));
            }
        }

        var cold = new List<ColdCall>();
        var restart = 0;
        foreach (var (name, path, smallPath) in new[]
        {
            ("submissions", submissionsPath, $"/api/assignments/{smallAssignmentId}/submissions?page=1&pageSize=100"),
            ("roster", rosterPath, $"/api/bootcamps/{smallBootcampId}/enrollments?page=1&pageSize=100"),
        })
        {
            for (var i = 0; i < options.ColdRestarts; i++)
            {
                await app.RestartAsync();
                restart++;
                // The pooled connections died with the old process; the first request may find one of them.
                try
                {
                    await SendAsync(app.Http, "/bench/baseline", null);
                }
                catch (HttpRequestException)
                {
                    await SendAsync(app.Http, "/bench/baseline", null);
                }
                await SendAsync(app.Http, smallPath, token);
                var first = await SendAsync(app.Http, path, token);
                var second = await SendAsync(app.Http, path, token);
                cold.Add(new ColdCall(name, restart, first, second));
                Console.WriteLine($"[list] restart {restart}: first {name} page {first:0.0} ms, second {second:0.0} ms");
            }
        }
        return new ListResult(options.ListStudents, seeding, quiet, checks, comparisons, cold, app.Log.NotableSince(logMark), app.Log.LineCountSince(logMark));
    }

    private static HttpTarget Get(string name, string endpoint, string path, string token) =>
        new(name, endpoint, _ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        });

    /// <summary>The page must be what an instructor expects: 100 rows out of everyone, or the timings mean nothing.</summary>
    private static async Task<string> CheckAsync(HttpClient http, string path, string endpoint, string token, int students)
    {
        var page = await EnrollScenario.GetJsonAsync(http, path, token);
        var rows = page["items"]!.AsArray().Count;
        var total = page["total"]!.GetValue<long>();
        var bytes = System.Text.Encoding.UTF8.GetByteCount(page.ToJsonString());
        if (rows != Math.Min(100, students) || total != students)
        {
            throw new InvalidOperationException($"GET {path} gave {rows} rows of {total}; expected {Math.Min(100, students)} of {students}.");
        }
        return $"`{endpoint}` answered {rows} rows of total {total} ({bytes / 1024.0:0.0} KiB of JSON)";
    }

    private static async Task<double> SendAsync(HttpClient http, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        var start = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var elapsed = LatencySummary.Ms(Stopwatch.GetTimestamp() - start);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} after a restart: {await response.Content.ReadAsStringAsync()}");
        }
        return elapsed;
    }
}
