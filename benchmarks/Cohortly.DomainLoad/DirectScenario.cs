using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cohortly.Testing;

namespace Cohortly.DomainLoad;

/// <summary>One timed stretch of requests that each cause one notification to a few connections.</summary>
public sealed record DirectSegment(HttpSegment Http, DeliveryStats Deliveries, TimeSpan DeliveryWindow)
{
    /// <summary>Notifications that reached a connection, per second from the segment's start until the last one arrived.</summary>
    public double DeliveriesPerSecond => Deliveries.Delivered / DeliveryWindow.TotalSeconds;
}

public sealed record DirectSide(string Name, string Endpoint, int ReceiversPerMessage, IReadOnlyList<DirectSegment> Segments)
{
    public HttpTotals Http => HttpTotals.Of([.. Segments.Select(s => s.Http)]);

    public long Delivered => Segments.Sum(s => s.Deliveries.Delivered);

    public long Missing => Segments.Sum(s => s.Deliveries.Missing);

    public double DeliveriesPerSecond => Delivered / Segments.Sum(s => s.DeliveryWindow.TotalSeconds);

    /// <summary>Notifications sent (one per successful request), per second of the delivery window.</summary>
    public double MessagesPerSecond => Segments.Sum(s => (double)s.Deliveries.Messages) / Segments.Sum(s => s.DeliveryWindow.TotalSeconds);

    public LatencySummary Latency { get; init; } = LatencySummary.Of([]);

    /// <summary>From the HTTP answer to the push: the push path alone.</summary>
    public LatencySummary AfterAnswer { get; init; } = LatencySummary.Of([]);
}

public sealed record DirectResult(
    int Users,
    int Connections,
    int Concurrency,
    IReadOnlyList<SwarmInfo> Swarms,
    DirectSide App,
    DirectSide Bare,
    long Unexpected,
    IReadOnlyList<(string Entry, int Count)> ServerLog,
    int ServerLogLines);

/// <summary>
/// Figure 4: the instructor grades in a loop; every grade is a <c>grade.published</c> to one student, on every
/// connection that student has open, while 1,000 connections are open in all. Compared, in alternating rounds,
/// with the bare hub broadcasting the same-shaped payload to as many connections as one student has (1 when each
/// student has one connection): the app has no bare per-user send to compare with, so that is the nearest bare
/// equivalent of "one message to one user's connections".
/// </summary>
public static class DirectScenario
{
    public static async Task<DirectResult> RunAsync(DomainOptions options)
    {
        var users = options.DirectUsers;
        var perUser = options.ConnectionsPerDirectUser;
        Console.WriteLine($"[direct] starting a server; {users} students with {perUser} connection(s) each; the instructor grades {options.DirectConcurrency} at a time");
        await using var app = await BenchApp.StartAsync(options.DirectConcurrency + 8);
        var logMark = app.Log.Mark;
        var seeder = new Seeder(app, options.SeedParallelism);
        var (_, instructor) = await seeder.StaffAsync();
        var instructorToken = seeder.Token(instructor);
        var bootcampId = await Seeder.CreateBootcampAsync(app.Http, instructorToken, $"Bench: {users} students graded");
        var assignmentId = await Seeder.CreateAssignmentAsync(app.Http, instructorToken, bootcampId, "Bench assignment");
        var students = await Seeder.TimedAsync($"{users} students with sessions (grains)", () => seeder.StudentsAsync("direct", users, sessions: true));
        await Seeder.TimedAsync($"{users} enrollments and submissions (grains)", async () =>
        {
            await seeder.EnrollAsync(bootcampId, students);
            await seeder.SubmitAsync(assignmentId, students, EnrollScenario.SubmissionText);
        });
        var tokens = students.Select(seeder.Token).ToArray();
        await app.WaitForQuietAsync(TimeSpan.FromMinutes(2));

        var tracker = new DeliveryTracker();
        Console.WriteLine($"[direct] connecting {options.DirectConnections} clients to /hubs/notifications");
        // Connection i belongs to student i % users and is that student's (i / users)-th connection.
        await using var appSwarm = await HubSwarm.ConnectAsync("app", new Uri(app.App.BaseAddress, "/hubs/notifications"), options.DirectConnections,
            i => tokens[i % users],
            (i, message) =>
            {
                if (message.GetProperty("kind").GetString() == "grade.published")
                {
                    tracker.Received(Key(i % users, message), i / users);
                }
            },
            options.ConnectParallelism);
        Console.WriteLine($"[direct]   connected in {appSwarm.ConnectWall.TotalSeconds:0.0} s (p99 {appSwarm.ConnectTimes.P99Ms:0} ms per connection)");
        await using var bareSwarm = await HubSwarm.ConnectAsync("bare", new Uri(app.App.BaseAddress, "/bench/hubs/bare"), perUser,
            _ => null, (i, message) => tracker.Received(Key(-1, message), i), options.ConnectParallelism);
        await app.WaitForQuietAsync(TimeSpan.FromMinutes(1));

        var load = new HttpLoad(app.Http, app.Server);
        var scores = new int[users];
        var bareScores = new int[1];
        var appTarget = new Tracked(tracker, perUser, index =>
        {
            var student = (int)(index % users);
            var score = Score(Interlocked.Increment(ref scores[student]));
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/assignments/{assignmentId}/submissions/{students[student].UserId}/grade")
            {
                Content = ApiClient.RawJson($"{{\"score\":{score},\"feedback\":\"Well argued.\"}}"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", instructorToken);
            return ($"{student}:{score}", request);
        });
        var bareTarget = new Tracked(tracker, perUser, _ =>
        {
            var score = Score(Interlocked.Increment(ref bareScores[0]));
            return ($"-1:{score}", new HttpRequestMessage(HttpMethod.Post, "/bench/bare-broadcast") { Content = ApiClient.RawJson(BarePayload(bootcampId, assignmentId, score)) });
        });
        var gradeTarget = new HttpTarget("grade", "PUT /api/assignments/{id}/submissions/{studentId}/grade", appTarget.NewRequest, HttpStatusCode.OK, appTarget.Failed, appTarget.Answered);
        var bareBroadcast = new HttpTarget("bare", "POST /bench/bare-broadcast", bareTarget.NewRequest, HttpStatusCode.Accepted, bareTarget.Failed, bareTarget.Answered);

        Console.WriteLine($"[direct] warm-up {options.Warmup.TotalSeconds:0.#} s per side");
        foreach (var (target, tracked) in new[] { (bareBroadcast, bareTarget), (gradeTarget, appTarget) })
        {
            await tracked.RunAsync(load, target, options.DirectConcurrency, options.Warmup, measured: false);
            await app.WaitForQuietAsync(TimeSpan.FromMinutes(1));
        }

        var appSegments = new List<DirectSegment>();
        var bareSegments = new List<DirectSegment>();
        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var (target, tracked, segments) in round % 2 == 0
                ? new[] { (bareBroadcast, bareTarget, bareSegments), (gradeTarget, appTarget, appSegments) }
                : [(gradeTarget, appTarget, appSegments), (bareBroadcast, bareTarget, bareSegments)])
            {
                await app.WaitForQuietAsync(TimeSpan.FromMinutes(1));
                var segment = await tracked.RunAsync(load, target, options.DirectConcurrency, options.Segment, measured: true);
                segments.Add(segment);
                Console.WriteLine($"[direct] round {round + 1}/{options.Rounds} {target.Name,-5}: {segment.Http.RequestsPerSecond,8:0.0} req/s "
                    + $"(p99 {LatencySummary.Of(segment.Http.LatencyTicks).P99Ms:0.0} ms, {segment.Http.ErrorCount} errors), "
                    + $"{segment.DeliveriesPerSecond:0.0} notifications/s delivered, latency p50 {segment.Deliveries.Latency.P50Ms:0.0} ms "
                    + $"p99 {segment.Deliveries.Latency.P99Ms:0.0} ms, missing {segment.Deliveries.Missing}, cores {segment.Http.Cpu.Describe()}");
            }
        }
        return new DirectResult(users, options.DirectConnections, options.DirectConcurrency,
            [SwarmInfo.Of("/hubs/notifications", appSwarm), SwarmInfo.Of("/bench/hubs/bare", bareSwarm)],
            new DirectSide("app", gradeTarget.Endpoint, perUser, appSegments) { Latency = LatencySummary.Of(appTarget.AllLatencies), AfterAnswer = LatencySummary.Of(appTarget.AllAfterAnswer) },
            new DirectSide("bare", bareBroadcast.Endpoint, perUser, bareSegments) { Latency = LatencySummary.Of(bareTarget.AllLatencies), AfterAnswer = LatencySummary.Of(bareTarget.AllAfterAnswer) },
            tracker.Unexpected, app.Log.NotableSince(logMark), app.Log.LineCountSince(logMark));
    }

    /// <summary>
    /// Grades carry a score no other grade of the same student carries (hundredths, up to the assignment's 10,000),
    /// which is how a received notification is matched to the request that caused it: the event id is made on the server.
    /// </summary>
    private static string Score(int sequence) => (sequence % 1_000_000 / 100m).ToString("0.##", CultureInfo.InvariantCulture);

    private static string Key(int student, JsonElement message) =>
        string.Create(CultureInfo.InvariantCulture, $"{student}:{message.GetProperty("data").GetProperty("score").GetString()}");

    /// <summary>What the real hub sends for a grade, field for field, with a score of our own.</summary>
    private static string BarePayload(string bootcampId, string assignmentId, string score) =>
        JsonSerializer.Serialize(new
        {
            notificationId = Guid.NewGuid().ToString("N")[..22],
            kind = "grade.published",
            title = "Your work was graded",
            body = $"Score: {score} / 10000.",
            bootcampId,
            createdAt = DateTimeOffset.UtcNow,
            data = new Dictionary<string, string> { ["assignmentId"] = assignmentId, ["score"] = score, ["publishedScore"] = score, ["maxScore"] = "10000" },
            read = false,
        }, ApiClient.Json);

    /// <summary>A target whose every request should end in a push to a few connections, with those pushes tracked.</summary>
    private sealed class Tracked(DeliveryTracker tracker, int receivers, Func<long, (string Key, HttpRequestMessage Request)> make)
    {
        private ConcurrentDictionary<long, (string Key, Expectation Expectation)> _current = new();

        public List<long> AllLatencies { get; } = [];

        public List<long> AllAfterAnswer { get; } = [];

        public HttpRequestMessage NewRequest(long index)
        {
            var (key, request) = make(index);
            _current[index] = (key, tracker.Expect(key, receivers));
            return request;
        }

        public void Answered(long index, long at)
        {
            if (_current.TryGetValue(index, out var sent))
            {
                sent.Expectation.AnsweredAt = at;
            }
        }

        public void Failed(long index)
        {
            if (_current.TryRemove(index, out var sent))
            {
                tracker.Forget(sent.Key);
            }
        }

        public async Task<DirectSegment> RunAsync(HttpLoad load, HttpTarget target, int concurrency, TimeSpan duration, bool measured)
        {
            _current = new ConcurrentDictionary<long, (string, Expectation)>();
            var start = Stopwatch.GetTimestamp();
            var http = await load.RunAsync(target, concurrency, duration, long.MaxValue);
            var sent = _current.Values.ToList();
            await Task.WhenAny(Task.WhenAll(sent.Select(s => s.Expectation.All)), Task.Delay(TimeSpan.FromSeconds(15)));
            foreach (var (key, _) in sent)
            {
                tracker.Forget(key);
            }
            var expectations = sent.Select(s => s.Expectation).ToList();
            var stats = DeliveryStats.Of(expectations);
            if (measured)
            {
                AllLatencies.AddRange(expectations.SelectMany(e => e.LatencyTicks));
                AllAfterAnswer.AddRange(expectations.SelectMany(e => e.AfterAnswerTicks));
            }
            var last = expectations.Count == 0 ? start : expectations.Max(e => e.LastReceivedAt);
            return new DirectSegment(http, stats, Stopwatch.GetElapsedTime(start, Math.Max(last, start + 1)));
        }
    }
}
