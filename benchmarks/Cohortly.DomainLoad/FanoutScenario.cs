using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cohortly.Testing;

namespace Cohortly.DomainLoad;

/// <summary>Back-to-back announcements: how many per second reach every connection.</summary>
public sealed record Burst(int Announcements, TimeSpan Elapsed, DeliveryStats Stats, CpuUse Cpu, Quiet After)
{
    public double AnnouncementsPerSecond => Announcements / Elapsed.TotalSeconds;

    public double DeliveriesPerSecond => Stats.Delivered / Elapsed.TotalSeconds;
}

public sealed record FanoutSide(
    string Name,
    string Endpoint,
    string Hub,
    DeliveryStats Latency,
    LatencySummary PostLatency,
    CpuUse LatencyCpu,
    IReadOnlyList<Quiet> AfterEach,
    IReadOnlyList<Burst> Bursts,
    long Errors,
    IReadOnlyList<string> ErrorSamples)
{
    public double AnnouncementsPerSecond => Bursts.Sum(b => b.Announcements) / Bursts.Sum(b => b.Elapsed.TotalSeconds);

    public double DeliveriesPerSecond => Bursts.Sum(b => b.Stats.Delivered) / Bursts.Sum(b => b.Elapsed.TotalSeconds);
}

public sealed record SwarmInfo(string Hub, int Connections, TimeSpan Wall, LatencySummary PerConnection, int Retries, int Closed, IReadOnlyDictionary<string, int> ClosedReasons)
{
    public static SwarmInfo Of(string hub, HubSwarm swarm) =>
        new(hub, swarm.Count, swarm.ConnectWall, swarm.ConnectTimes, swarm.ConnectRetries, swarm.Closed, swarm.ClosedReasons.ToDictionary());
}

public sealed record FanoutResult(
    int Clients,
    int Users,
    int BurstInFlight,
    IReadOnlyList<SwarmInfo> Swarms,
    FanoutSide App,
    FanoutSide Bare,
    long Unexpected,
    string InboxCheck,
    IReadOnlyList<(string Entry, int Count)> ServerLog,
    int ServerLogLines);

/// <summary>
/// Figure 3: an instructor's announcement to a bootcamp with 1,000 live connections, against the bare hub
/// broadcasting the same payload to 1,000 connections of its own, in alternating rounds. Latency is measured one
/// announcement at a time on an idle server (announcements are rare); throughput with back-to-back bursts.
/// </summary>
public static class FanoutScenario
{
    public const int BurstInFlight = 4;
    private static readonly string Body = "Office hours move to Thursday 17:00 UTC this week; bring your questions about the capstone project. "
        + "The recording of Monday's session is on the bootcamp page.";

    public static async Task<FanoutResult> RunAsync(DomainOptions options)
    {
        var clients = options.FanoutClients;
        var users = options.FanoutUsers;
        Console.WriteLine($"[fanout] starting a server; {users} enrolled students, {clients} connections on each hub");
        await using var app = await BenchApp.StartAsync(options.Concurrency + 8);
        var logMark = app.Log.Mark;
        var seeder = new Seeder(app, options.SeedParallelism);
        var (_, instructor) = await seeder.StaffAsync();
        var instructorToken = seeder.Token(instructor);
        var bootcampId = await Seeder.CreateBootcampAsync(app.Http, instructorToken, $"Bench: {users} students listening");
        var students = await Seeder.TimedAsync($"{users} students with sessions (grains)", () => seeder.StudentsAsync("fanout", users, sessions: true));
        await Seeder.TimedAsync($"{users} enrollments (grains)", () => seeder.EnrollAsync(bootcampId, students));
        var tokens = students.Select(seeder.Token).ToArray();
        await app.WaitForQuietAsync(TimeSpan.FromMinutes(2));

        var tracker = new DeliveryTracker();
        void OnNotification(int slot, JsonElement message)
        {
            if (message.TryGetProperty("title", out var title) && title.GetString() is { } key)
            {
                tracker.Received(key, slot);
            }
        }
        Console.WriteLine($"[fanout] connecting {clients} clients to /hubs/notifications ({options.ConnectParallelism} at a time)");
        await using var appSwarm = await HubSwarm.ConnectAsync("app", new Uri(app.App.BaseAddress, "/hubs/notifications"), clients,
            i => tokens[i % users], OnNotification, options.ConnectParallelism);
        Console.WriteLine($"[fanout]   connected in {appSwarm.ConnectWall.TotalSeconds:0.0} s (p50 {appSwarm.ConnectTimes.P50Ms:0} ms, p99 {appSwarm.ConnectTimes.P99Ms:0} ms per connection)");
        Console.WriteLine($"[fanout] connecting {clients} clients to /bench/hubs/bare");
        await using var bareSwarm = await HubSwarm.ConnectAsync("bare", new Uri(app.App.BaseAddress, "/bench/hubs/bare"), clients,
            _ => null, OnNotification, options.ConnectParallelism);
        Console.WriteLine($"[fanout]   connected in {bareSwarm.ConnectWall.TotalSeconds:0.0} s (p50 {bareSwarm.ConnectTimes.P50Ms:0} ms, p99 {bareSwarm.ConnectTimes.P99Ms:0} ms per connection)");
        await app.WaitForQuietAsync(TimeSpan.FromMinutes(1));

        var appSide = new Side("app", "POST /api/announcements", "/hubs/notifications", seq => AnnouncementRequest(seq, bootcampId, instructorToken));
        var bareSide = new Side("bare", "POST /bench/bare-broadcast", "/bench/hubs/bare", seq => BareBroadcastRequest(seq, bootcampId));
        // Tiered JIT recompiles a method after 30 calls; the announcement path runs once per announcement, so a short
        // warm-up left it at tier 0 and its recompilation in the measured stretch (23% of server samples in libclrjit).
        Console.WriteLine($"[fanout] warm-up: {options.WarmupAnnouncements} announcements per hub");
        foreach (var side in new[] { bareSide, appSide })
        {
            for (var i = 0; i < options.WarmupAnnouncements; i++)
            {
                await side.AnnounceAsync(app.Http, tracker, clients, TimeSpan.FromSeconds(30), measured: false);
            }
            await app.WaitForQuietAsync(TimeSpan.FromMinutes(2));
        }

        var perRound = Math.Max(1, options.Announcements / options.Rounds);
        for (var round = 0; round < options.Rounds; round++)
        {
            foreach (var side in round % 2 == 0 ? new[] { bareSide, appSide } : [appSide, bareSide])
            {
                // One at a time, each on an idle server: the wait a student has for a rare announcement.
                var cpu = CpuUse.Zero;
                await app.WaitForQuietAsync(TimeSpan.FromMinutes(1));
                for (var i = 0; i < perRound; i++)
                {
                    var meter = app.Server.StartMeter();
                    await side.AnnounceAsync(app.Http, tracker, clients, TimeSpan.FromSeconds(10), measured: true);
                    cpu = CpuUse.Sum([cpu, meter.Stop()]);
                    // What the announcement still costs after every connection has it: the inbox writes.
                    side.AfterEach.Add(await app.WaitForQuietAsync(TimeSpan.FromMinutes(1)));
                }
                side.LatencyCpu = CpuUse.Sum([side.LatencyCpu, cpu]);
                var stats = DeliveryStats.Of(side.Timed.TakeLast(perRound).ToList());
                Console.WriteLine($"[fanout] round {round + 1}/{options.Rounds} {side.Name,-4} one at a time: {perRound} announcements, per client p50 {stats.Latency.P50Ms:0.0} ms, "
                    + $"p99 {stats.Latency.P99Ms:0.0} ms, max {stats.Latency.MaxMs:0.0} ms, missing {stats.Missing}; "
                    + $"inbox work after each: median {Median(side.AfterEach.TakeLast(perRound).Select(q => q.Elapsed.TotalSeconds)):0.0} s");

                await app.WaitForQuietAsync(TimeSpan.FromMinutes(1));
                var burst = await side.BurstAsync(app, tracker, clients, options.Burst);
                Console.WriteLine($"[fanout] round {round + 1}/{options.Rounds} {side.Name,-4} burst of {burst.Announcements}: {burst.AnnouncementsPerSecond:0.0} announcements/s "
                    + $"({burst.DeliveriesPerSecond:0} deliveries/s), per client p99 {burst.Stats.Latency.P99Ms:0} ms, missing {burst.Stats.Missing}, "
                    + $"cores {burst.Cpu.Describe()}; idle again {burst.After.Elapsed.TotalSeconds:0.0} s later");
            }
        }

        // Every announcement must also be in every student's inbox (through the bootcamp's feed): once the server is idle, all should be there.
        var settled = await app.WaitForQuietAsync(TimeSpan.FromMinutes(3));
        var sample = Enumerable.Range(0, 20).Select(i => i * users / 20).Distinct().ToList();
        var totals = new List<long>();
        foreach (var student in sample)
        {
            totals.Add((await EnrollScenario.GetJsonAsync(app.Http, "/api/notifications?page=1&pageSize=1", tokens[student]))["total"]!.GetValue<long>());
        }
        // Each student's inbox also holds the enrollment confirmation.
        var expected = appSide.Sent + 1;
        var inboxCheck = string.Create(CultureInfo.InvariantCulture,
            $"Inboxes, read over `GET /api/notifications` once the server was idle ({settled.Elapsed.TotalSeconds:0.0} s after the last burst): {sample.Count} students hold "
            + $"{totals.Min()}–{totals.Max()} notifications; expected {expected} ({appSide.Sent} announcements and the enrollment confirmation).");
        Console.WriteLine($"[fanout] {inboxCheck}");
        return new FanoutResult(clients, users, BurstInFlight,
            [SwarmInfo.Of("/hubs/notifications", appSwarm), SwarmInfo.Of("/bench/hubs/bare", bareSwarm)],
            appSide.Result(), bareSide.Result(), tracker.Unexpected, inboxCheck, app.Log.NotableSince(logMark), app.Log.LineCountSince(logMark));
    }

    private static HttpRequestMessage AnnouncementRequest(string title, string bootcampId, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/announcements") { Content = JsonBody(new { title, body = Body, bootcampId }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>The payload the real hub sends for an announcement, field for field (data left empty).</summary>
    private static HttpRequestMessage BareBroadcastRequest(string title, string bootcampId) =>
        new(HttpMethod.Post, "/bench/bare-broadcast")
        {
            Content = JsonBody(new
            {
                notificationId = title,
                kind = "announcement",
                title,
                body = Body,
                bootcampId,
                createdAt = DateTimeOffset.UtcNow,
                data = new Dictionary<string, string>(),
                read = false,
            }),
        };

    private static StringContent JsonBody(object body) => ApiClient.RawJson(JsonSerializer.Serialize(body, ApiClient.Json));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>One of the two hubs: how to announce on it, and everything measured on it.</summary>
    private sealed class Side(string name, string endpoint, string hub, Func<string, HttpRequestMessage> newRequest)
    {
        private readonly List<long> _postTicks = [];
        private readonly List<string> _errorSamples = [];
        private long _errors;
        private int _sequence;

        public string Name => name;

        public int Sent => _sequence;

        public List<Expectation> Timed { get; } = [];

        public List<Quiet> AfterEach { get; } = [];

        public List<Burst> Bursts { get; } = [];

        public CpuUse LatencyCpu { get; set; } = CpuUse.Zero;

        /// <summary>Announces once and waits until every connection has it or the timeout passes.</summary>
        public async Task AnnounceAsync(HttpClient http, DeliveryTracker tracker, int receivers, TimeSpan timeout, bool measured)
        {
            var (key, expectation) = await SendAsync(http, tracker, receivers);
            if (expectation is null)
            {
                return;
            }
            await expectation.WaitAsync(timeout);
            tracker.Forget(key);
            if (measured)
            {
                Timed.Add(expectation);
            }
        }

        /// <summary>Announcements back to back, <see cref="BurstInFlight"/> at a time, until every connection has every one.</summary>
        public async Task<Burst> BurstAsync(BenchApp app, DeliveryTracker tracker, int receivers, int count)
        {
            var sent = new List<(string Key, Expectation Expectation)>();
            var meter = app.Server.StartMeter();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = BurstInFlight }, async (_, _) =>
            {
                var (key, expectation) = await SendAsync(http: app.Http, tracker, receivers);
                if (expectation is not null)
                {
                    lock (sent)
                    {
                        sent.Add((key, expectation));
                    }
                }
            });
            await Task.WhenAny(Task.WhenAll(sent.Select(s => s.Expectation.All)), Task.Delay(TimeSpan.FromSeconds(60)));
            var cpu = meter.Stop();
            foreach (var (key, _) in sent)
            {
                tracker.Forget(key);
            }
            var expectations = sent.Select(s => s.Expectation).ToList();
            var first = expectations.Count == 0 ? 0 : expectations.Min(e => e.SentAt);
            var last = expectations.Count == 0 ? 0 : expectations.Max(e => e.LastReceivedAt);
            // Long enough for 20 announcements' inbox writes to 1,000 students (about two minutes here), so the next
            // measurement starts on an idle server and the report can say how long the inboxes took.
            var after = await app.WaitForQuietAsync(TimeSpan.FromMinutes(4));
            var burst = new Burst(expectations.Count, Stopwatch.GetElapsedTime(first, last), DeliveryStats.Of(expectations), cpu, after);
            Bursts.Add(burst);
            return burst;
        }

        public FanoutSide Result() => new(name, endpoint, hub, DeliveryStats.Of(Timed), LatencySummary.Of(_postTicks), LatencyCpu,
            AfterEach, Bursts, Interlocked.Read(ref _errors), _errorSamples);

        private async Task<(string Key, Expectation? Expectation)> SendAsync(HttpClient http, DeliveryTracker tracker, int receivers)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"bench-{name}-{Interlocked.Increment(ref _sequence):D5}");
            var expectation = tracker.Expect(key, receivers);
            using var request = newRequest(key);
            expectation.SentAt = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request);
                expectation.AnsweredAt = Stopwatch.GetTimestamp();
                lock (_postTicks)
                {
                    _postTicks.Add(expectation.AnsweredAt - expectation.SentAt);
                }
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return (key, expectation);
                }
                Fail($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            catch (HttpRequestException exception)
            {
                Fail(exception.Message);
            }
            tracker.Forget(key);
            return (key, null);
        }

        private void Fail(string sample)
        {
            Interlocked.Increment(ref _errors);
            lock (_errorSamples)
            {
                if (_errorSamples.Count < 3)
                {
                    _errorSamples.Add(sample.Length > 300 ? sample[..300] + "…" : sample);
                }
            }
        }
    }
}
