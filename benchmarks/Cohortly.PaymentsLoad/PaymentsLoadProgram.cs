using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cohortly.Benchmarking;
using Cohortly.Testing;

namespace Cohortly.PaymentsLoad;

/// <summary>
/// Issue 15's two figures, against a real embedded process: (a) webhook intake under a 10x duplicate storm (every
/// payment's signed checkout.session.completed posted ten times, shuffled, at a fixed concurrency), as events/s and
/// p99 next to the bare <c>GET /bench/baseline</c> measured in the same run, and a check that each payment enrolled
/// its payer once and sent one receipt; (b) checkout to enrolled through the embedded gateway (checkout, the test
/// card, its durable webhook, the enrollment seen in <c>/api/me/bootcamps</c>), p50 and p99.
/// </summary>
public static class PaymentsLoadProgram
{
    private const string GoodCard = "4242424242424242";

    public static async Task<int> Main(string[] args)
    {
        var payments = Option(args, "--payments", 100);
        var copies = Option(args, "--copies", 10);
        var concurrency = Option(args, "--concurrency", 16);
        var journeys = Option(args, "--journeys", 40);
        var startedAt = DateTimeOffset.UtcNow;
        var command = "dotnet run -c Release --project benchmarks/Cohortly.PaymentsLoad" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
        if (RepoPaths.Configuration != "Release")
        {
            Console.WriteLine($"WARNING: built as {RepoPaths.Configuration}; use -c Release for figures worth keeping.");
        }
        var loadAtStart = Machine.LoadAverage();
        using var data = new TempDirectory("cohortly-bench-payments");
        await using var app = await CohortlyApp.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Cohortly__Benchmarks__Baseline"] = "true",
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000000",
        });
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        var admin = await http.RegisterAsync(ApiClient.UniqueEmail("admin"), displayName: "Bench Admin");
        var title = "Storm " + Guid.NewGuid().ToString("N")[..6];
        var bootcampId = await PaidBootcampAsync(http, admin, title, payments + journeys);
        Console.WriteLine($"Checking out {payments} students …");
        var paid = new List<(Tokens Student, string PaymentId)>();
        foreach (var chunk in Enumerable.Range(0, payments).Chunk(concurrency))
        {
            paid.AddRange(await Task.WhenAll(chunk.Select(async i =>
            {
                var student = await http.RegisterAsync(ApiClient.UniqueEmail($"storm{i}"), displayName: $"Storm {i}");
                return (student, await CheckoutAsync(http, student, bootcampId));
            })));
        }
        var secret = "whsec_" + Convert.ToHexStringLower(Convert.FromBase64String(
            File.ReadAllText(Path.Combine(app.DataDirectory, "keys", "stripe-webhook-secret")).Trim()));
        var storm = paid.SelectMany(p => Enumerable.Repeat(CompletedEvent("evt_bench_" + p.PaymentId, p.PaymentId), copies)).ToArray();
        Random.Shared.Shuffle(storm);

        // Baseline, storm, baseline at the same concurrency, in the same process; the bare endpoint gets ten times the
        // requests so its segments last about as long as the storm's (a fraction of a second says little on a shared VM).
        var before = await RunAsync(storm.Length * 10, concurrency, _ => new HttpRequestMessage(HttpMethod.Get, "/bench/baseline"), http);
        var stormRun = await RunAsync(storm.Length, concurrency, i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(storm[i], Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", Sign(storm[i], secret));
            return request;
        }, http);
        var after = await RunAsync(storm.Length * 10, concurrency, _ => new HttpRequestMessage(HttpMethod.Get, "/bench/baseline"), http);
        Console.WriteLine($"Storm {stormRun.Row("webhooks")}; baseline {before.Row("before")} {after.Row("after")}");

        // Exactly once: every payer enrolled once (the seat count), every payment succeeded, one receipt each.
        var settle = Stopwatch.StartNew();
        var enrolled = 0;
        while (settle.Elapsed < TimeSpan.FromMinutes(3) && (enrolled = (await GetJsonAsync(http, admin, $"/api/bootcamps/{bootcampId}"))["enrolledCount"]!.GetValue<int>()) < payments)
        {
            await Task.Delay(200);
        }
        var succeeded = 0;
        for (var page = 1; page <= (payments + 99) / 100; page++)
        {
            succeeded += (await GetJsonAsync(http, admin, $"/api/bootcamps/{bootcampId}/payments?page={page}&pageSize=100"))["items"]!.AsArray()
                .Count(p => p!["status"]!.ToString() == "succeeded");
        }
        var receipts = 0;
        while (settle.Elapsed < TimeSpan.FromMinutes(4) && (receipts = await ReceiptsAsync(http, admin, title)) < payments)
        {
            await Task.Delay(500);
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        receipts = await ReceiptsAsync(http, admin, title);

        Console.WriteLine($"Checkout → enrolled through the embedded gateway, {journeys} journeys one after another …");
        var journeyTicks = new List<long>();
        for (var i = 0; i < journeys; i++)
        {
            var student = await http.RegisterAsync(ApiClient.UniqueEmail($"journey{i}"), displayName: $"Journey {i}");
            var clock = Stopwatch.StartNew();
            var paymentId = await CheckoutAsync(http, student, bootcampId);
            using (var card = await SendAsync(http, HttpMethod.Post, $"/api/payments/{paymentId}/test-card", student, new { cardNumber = GoodCard }))
            {
                card.EnsureSuccessStatusCode();
            }
            while (!(await GetJsonAsync(http, student, "/api/me/bootcamps"))["items"]!.AsArray().Any(b => b!["bootcampId"]!.ToString() == bootcampId))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException($"Journey {i} was not enrolled within 30 s.");
                }
                await Task.Delay(5);
            }
            journeyTicks.Add(clock.ElapsedTicks);
        }

        var journey = LatencySummary.Of(journeyTicks);
        var baselineRate = (before.Rate + after.Rate) / 2;
        var lines = new List<string>
        {
            $"# Payments figures, {startedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC",
            "",
            $"Command: `{command}`",
        };
        lines.Add(Machine.MarkdownLines()[0]);
        lines.Add($"- Load average (1 / 5 / 15 min) before the server started: {loadAtStart}; at the end: {Machine.LoadAverage()} (above ~0.5, other work shared the cores).");
        lines.AddRange(
        [
            "",
            $"## Webhook intake, {copies}x duplicate storm ({payments} payments, {storm.Length} signed posts, concurrency {concurrency})",
            "",
            "| Run | OK | Errors | req/s | p50 ms | p99 ms | max ms |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            before.Row("GET /bench/baseline (before)"),
            stormRun.Row("POST /webhooks/stripe (storm)"),
            after.Row("GET /bench/baseline (after)"),
            "",
            $"Storm events/s as a ratio to the baseline's mean req/s: {stormRun.Rate / baselineRate:0.000}x.",
            $"Exactly once: enrolled {enrolled} of {payments} payments, {succeeded} payments succeeded, {receipts} receipts " +
                (enrolled == payments && succeeded == payments && receipts == payments ? "(each effect once)." : "(MISMATCH)."),
            "",
            $"## Checkout → enrolled through the embedded gateway ({journeys} journeys, one at a time)",
            "",
            $"p50 {journey.P50Ms:0.0} ms, p99 {journey.P99Ms:0.0} ms, max {journey.MaxMs:0.0} ms (checkout, test card, the gateway's signed webhook, " +
                "the payment grain's settlement, polled every 5 ms on GET /api/me/bootcamps).",
        ]);
        var markdown = string.Join('\n', lines) + "\n";
        Console.WriteLine(markdown);
        var file = Path.Combine(RepoPaths.Root, "benchmarks", "results", $"payments-{startedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, markdown);
        Console.WriteLine($"Wrote {file}");
        return enrolled == payments && succeeded == payments && receipts == payments ? 0 : 1;
    }

    private sealed record Run(long Ok, long Errors, TimeSpan Elapsed, LatencySummary Latency)
    {
        public double Rate => Ok / Elapsed.TotalSeconds;

        public string Row(string name) =>
            $"| {name} | {Ok} | {Errors} | {Rate:0} | {Latency.P50Ms:0.0} | {Latency.P99Ms:0.0} | {Latency.MaxMs:0.0} |";
    }

    /// <summary><paramref name="count"/> requests from <paramref name="concurrency"/> workers taking the next index in turn.</summary>
    private static async Task<Run> RunAsync(int count, int concurrency, Func<int, HttpRequestMessage> make, HttpClient http)
    {
        var next = -1;
        long errors = 0;
        var ticks = new long[count];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = make(i);
                using var response = await http.SendAsync(request);
                ticks[i] = Stopwatch.GetTimestamp() - started;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        return new Run(count - errors, errors, clock.Elapsed, LatencySummary.Of(ticks));
    }

    private static async Task<string> PaidBootcampAsync(HttpClient http, Tokens admin, string title, int capacity)
    {
        using var response = await SendAsync(http, HttpMethod.Post, "/api/bootcamps", admin, ApiClient.BootcampBody(title: title, capacity: capacity, priceMinor: 30_000));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
    }

    private static async Task<string> CheckoutAsync(HttpClient http, Tokens student, string bootcampId)
    {
        using var response = await SendAsync(http, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/checkout", student, new { plan = "full" });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Checkout answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paymentId"]!.ToString();
    }

    private static async Task<int> ReceiptsAsync(HttpClient http, Tokens admin, string title) =>
        (await GetJsonAsync(http, admin, "/dev/mailbox?limit=500"))["items"]!.AsArray().Count(m => m!["subject"]!.ToString() == $"Receipt: {title}");

    private static async Task<JsonNode> GetJsonAsync(HttpClient http, Tokens caller, string path)
    {
        using var response = await SendAsync(http, HttpMethod.Get, path, caller);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, Tokens caller, object? body = null) =>
        http.SendAsync(method, path, caller.AccessToken, body);

    private static string CompletedEvent(string eventId, string paymentId) => new JsonObject
    {
        ["id"] = eventId,
        ["object"] = "event",
        ["api_version"] = "2026-10-28.endive",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["type"] = "checkout.session.completed",
        ["data"] = new JsonObject
        {
            ["object"] = new JsonObject
            {
                ["id"] = "cs_test_" + paymentId,
                ["object"] = "checkout.session",
                ["payment_status"] = "paid",
                ["status"] = "complete",
                ["amount_total"] = 30_000,
                ["currency"] = "usd",
                ["metadata"] = new JsonObject { ["payment_id"] = paymentId },
            },
        },
    }.ToJsonString();

    /// <summary>Stripe's scheme, signed now (each post is its own delivery attempt).</summary>
    private static string Sign(string payload, string secret)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}")))}";
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
