using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.DomainLoad;

public sealed record EnrollResult(
    int Students,
    HttpComparison Enroll,
    HttpComparison Submit,
    int EnrolledCount,
    long SubmissionTotal,
    IReadOnlyList<Quiet> AfterEnroll,
    IReadOnlyList<Quiet> AfterSubmit,
    IReadOnlyList<(string Entry, int Count)> ServerLog,
    int ServerLogLines);

/// <summary>
/// Figure 1: students enroll in one bootcamp and hand in work, over HTTP, as fast as a closed loop of clients can
/// make them. Seats and submission slots are handed out by one bootcamp grain and one index grain per assignment,
/// so this is where a large bootcamp queues. The students are split into one batch per round; each round measures
/// the bare baseline, then the batch enrolling, then the batch submitting (reversed every other round).
/// </summary>
public static class EnrollScenario
{
    public const int WarmupStudents = 64;

    /// <summary>About a page of prose: what a short written answer weighs.</summary>
    public static readonly string SubmissionText = string.Concat(Enumerable.Repeat("My answer, with reasoning and a link to the repository. ", 18));

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public static async Task<EnrollResult> RunAsync(DomainOptions options)
    {
        Console.WriteLine($"[enroll] starting a server; {options.EnrollStudents} students will enroll and submit over HTTP");
        await using var app = await BenchApp.StartAsync(options.Concurrency + 8);
        var logMark = app.Log.Mark;
        var seeder = new Seeder(app, options.SeedParallelism);
        var (_, instructor) = await seeder.StaffAsync();
        var instructorToken = seeder.Token(instructor);
        var bootcampId = await Seeder.CreateBootcampAsync(app.Http, instructorToken, $"Bench: {options.EnrollStudents} students");
        var assignmentId = await Seeder.CreateAssignmentAsync(app.Http, instructorToken, bootcampId, "Bench assignment");
        // A second bootcamp for the warm-up, so the measured one starts empty and every measured enrollment is a first.
        var warmBootcampId = await Seeder.CreateBootcampAsync(app.Http, instructorToken, "Bench: warm-up");
        var warmAssignmentId = await Seeder.CreateAssignmentAsync(app.Http, instructorToken, warmBootcampId, "Warm-up assignment");
        var students = await Seeder.TimedAsync($"{options.EnrollStudents + WarmupStudents} students with sessions (grains)",
            () => seeder.StudentsAsync("enroll", options.EnrollStudents + WarmupStudents, sessions: true));
        var tokens = students.Select(seeder.Token).ToArray();
        var warmTokens = tokens[..WarmupStudents];
        var measuredTokens = tokens[WarmupStudents..];
        await app.WaitForQuietAsync(TimeSpan.FromSeconds(60));

        var load = new HttpLoad(app.Http, app.Server);
        var baseline = BaselineTarget.Create();
        Console.WriteLine($"[enroll] warm-up: {options.Warmup.TotalSeconds:0.#} s of baseline, {WarmupStudents} students enroll in and submit to another bootcamp");
        await load.RunAsync(baseline, options.Concurrency, options.Warmup, long.MaxValue);
        await load.RunAsync(EnrollTarget(warmBootcampId, warmTokens), options.Concurrency, null, warmTokens.Length);
        await load.RunAsync(SubmitTarget(warmAssignmentId, warmTokens), options.Concurrency, null, warmTokens.Length);

        var baselineSegments = new List<HttpSegment>();
        var enrollSegments = new List<HttpSegment>();
        var submitSegments = new List<HttpSegment>();
        var afterEnroll = new List<Quiet>();
        var afterSubmit = new List<Quiet>();
        var batchSize = (measuredTokens.Length + options.Rounds - 1) / options.Rounds;
        for (var round = 0; round < options.Rounds; round++)
        {
            var batch = measuredTokens.Skip(round * batchSize).Take(batchSize).ToArray();
            // Idle before each stretch, so the baseline never pays for the previous batch's events.
            await app.WaitForQuietAsync(TimeSpan.FromSeconds(60));
            if (round % 2 == 0)
            {
                baselineSegments.Add(await Measure(load, baseline, options, null, round));
                await app.WaitForQuietAsync(TimeSpan.FromSeconds(60));
            }
            enrollSegments.Add(await Measure(load, EnrollTarget(bootcampId, batch), options, batch.Length, round));
            afterEnroll.Add(await Report(app, "enroll"));
            submitSegments.Add(await Measure(load, SubmitTarget(assignmentId, batch), options, batch.Length, round));
            afterSubmit.Add(await Report(app, "submit"));
            if (round % 2 == 1)
            {
                baselineSegments.Add(await Measure(load, baseline, options, null, round));
            }
        }

        var enrolled = await GetJsonAsync(app.Http, $"/api/bootcamps/{bootcampId}", instructorToken);
        var submissions = await GetJsonAsync(app.Http, $"/api/assignments/{assignmentId}/submissions?page=1&pageSize=1", instructorToken);
        return new EnrollResult(
            measuredTokens.Length,
            new HttpComparison("enroll", "POST /api/bootcamps/{id}/enrollments", options.Concurrency, baselineSegments, enrollSegments),
            new HttpComparison("submit", "POST /api/assignments/{id}/submissions", options.Concurrency, baselineSegments, submitSegments),
            enrolled["enrolledCount"]!.GetValue<int>(),
            submissions["total"]!.GetValue<long>(),
            afterEnroll,
            afterSubmit,
            app.Log.NotableSince(logMark),
            app.Log.LineCountSince(logMark));
    }

    private static async Task<HttpSegment> Measure(HttpLoad load, HttpTarget target, DomainOptions options, int? count, int round)
    {
        var segment = count is { } n
            ? await load.RunAsync(target, options.Concurrency, null, n)
            : await load.RunAsync(target, options.Concurrency, options.Segment, long.MaxValue);
        Console.WriteLine($"[enroll] round {round + 1}/{options.Rounds} {segment.Target,-8}: {segment.RequestsPerSecond,9:0.0} req/s, {segment.Ok} ok, "
            + $"{segment.ErrorCount} errors, p99 {LatencySummary.Of(segment.LatencyTicks).P99Ms:0.0} ms, cores server/driver/others {segment.Cpu.Describe()} in {segment.Elapsed.TotalSeconds:0.0} s");
        return segment;
    }

    private static async Task<Quiet> Report(BenchApp app, string after)
    {
        var quiet = await app.WaitForQuietAsync(TimeSpan.FromSeconds(60));
        Console.WriteLine($"[enroll]   after {after}: server busy {quiet.Elapsed.TotalSeconds:0.0} s more ({quiet.Cpu.Server.TotalSeconds:0.0} CPU s){(quiet.Reached ? "" : ", not idle at the limit")}");
        return quiet;
    }

    private static HttpTarget EnrollTarget(string bootcampId, string[] tokens) =>
        new("enroll", "POST /api/bootcamps/{id}/enrollments", index =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[index]);
            return request;
        }, HttpStatusCode.Created);

    private static HttpTarget SubmitTarget(string assignmentId, string[] tokens)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { text = SubmissionText }, ApiClient.Json));
        return new("submit", "POST /api/assignments/{id}/submissions", index =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions") { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[index]);
            return request;
        }, HttpStatusCode.Created);
    }

    public static async Task<JsonObject> GetJsonAsync(HttpClient http, string path, string token)
    {
        using var response = await http.SendAsync(HttpMethod.Get, path, token);
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
