using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Cohortly.Testing;

namespace Cohortly.LoadTests;

/// <summary>
/// The bystander view of an upload-bomb attempt: one normal user's <c>GET /api/me</c> every 50 ms, first on a quiet
/// server, then while 30 clients each upload a 6000×6000 PNG bomb (~100 KB, 144 MB decoded) as their avatar over and
/// over, each refused 413 from its header. Reported as the p50/p99 ratio bombs ÷ quiet, measured in the same run.
/// The per-user upload and request limits are lifted, so every bomb reaches the server's image check: the worst case.
/// </summary>
public static class UploadBombs
{
    public const int Attackers = 30;

    public static async Task<string> RunAsync(TimeSpan duration, string command, DateTimeOffset startedAt)
    {
        using var data = new TempDirectory("cohortly-bench-bombs");
        await using var app = await CohortlyApp.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000000",
            ["Cohortly__Edge__UserRequestsPerMinute"] = "100000000",
            ["Cohortly__Edge__UploadsPerMinute"] = "100000000",
        });
        using var server = ServerProcess.Find(data.Path);
        var http = app.Http;
        var normal = await http.RegisterAsync(ApiClient.UniqueEmail("normal"), displayName: "Norma Normal");
        var attackers = new List<Tokens>();
        for (var i = 0; i < Attackers; i++)
        {
            attackers.Add(await http.RegisterAsync(ApiClient.UniqueEmail("bomber"), displayName: $"Bomber {i}"));
        }
        var bomb = Uploads.PngBomb(6000, 6000);
        using var probe = new Bystander(app.BaseAddress, "/api/me", TimeSpan.FromMilliseconds(50), normal.AccessToken);
        await probe.WatchForAsync(TimeSpan.FromSeconds(2));

        var quiet = await probe.WatchForAsync(duration);

        using var stop = new CancellationTokenSource();
        var answers = new Dictionary<HttpStatusCode, int>();
        var bombTicks = new List<long>();
        using var attackHttp = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var attacks = attackers.Select(async attacker =>
        {
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                using var answer = await attackHttp.UploadAsync(attacker.AccessToken, "me.png", bomb, "avatar");
                lock (answers)
                {
                    answers[answer.StatusCode] = answers.GetValueOrDefault(answer.StatusCode) + 1;
                    bombTicks.Add(Stopwatch.GetTimestamp() - start);
                }
            }
        }).ToList();
        stop.CancelAfter(duration);
        var underBombs = await probe.WatchAsync(stop.Token);
        await Task.WhenAll(attacks);

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# A bystander during {Attackers} image-bomb uploaders ({startedAt:yyyy-MM-dd HH:mm} UTC)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{command}` — {Environment.ProcessorCount} cores shared by the driver and the server; {duration.TotalSeconds:0} s per phase.");
        text.AppendLine();
        text.AppendLine("| GET /api/me every 50 ms | answers | failures | p50 ms | p99 ms | max ms |");
        text.AppendLine("|---|---|---|---|---|---|");
        Row(text, "quiet", quiet);
        Row(text, $"{Attackers} bomb uploaders", underBombs);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Ratio under bombs ÷ quiet: p50 {Percentile(underBombs.Ticks, 0.50) / Percentile(quiet.Ticks, 0.50):0.0}×, p99 {Percentile(underBombs.Ticks, 0.99) / Percentile(quiet.Ticks, 0.99):0.0}×.");
        text.AppendLine();
        var total = answers.Values.Sum();
        var answered = string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{(int)a.Key} × {a.Value}"));
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Bombs: {total} uploads of {bomb.Length / 1024} KB in {duration.TotalSeconds:0} s ({total / duration.TotalSeconds:0.0}/s), answered {answered}; p50 {Percentile(bombTicks, 0.50):0} ms, p99 {Percentile(bombTicks, 0.99):0} ms per bomb.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Server resident memory at the end: {server.ResidentMegabytes():0} MB.");
        return text.ToString();
    }

    private static void Row(StringBuilder text, string phase, Probes probes) =>
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {phase} | {probes.Ticks.Count} | {probes.Failures.Values.Sum()} | {Percentile(probes.Ticks, 0.50):0.0} | {Percentile(probes.Ticks, 0.99):0.0} | {Percentile(probes.Ticks, 1.0):0.0} |");

    private static double Percentile(List<long> ticks, double quantile)
    {
        if (ticks.Count == 0)
        {
            return double.NaN;
        }
        var sorted = ticks.Order().ToList();
        var index = Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1);
        return sorted[Math.Max(0, index)] * 1000.0 / Stopwatch.Frequency;
    }
}
