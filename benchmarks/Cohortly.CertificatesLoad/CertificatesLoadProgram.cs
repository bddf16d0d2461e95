using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cohortly.Certificates;
using Cohortly.Common;
using Cohortly.Integrations.Certificates;
using Cohortly.Testing;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Cohortly.CertificatesLoad;

/// <summary>
/// Issue 16's figures: (1) certificates rendered and signed per second in process, as a ratio to an unsigned one-page
/// PDFsharp document with the same text, alternating in one run; (2) a 500-student cohort issued in bulk through
/// <c>POST /api/bootcamps/{id}/certificates</c> on the real Frontend: wall time and the app's peak resident memory;
/// (3) <c>GET /api/verify/{id}</c> latency under a closed loop of clients, next to <c>GET /bench/baseline</c>.
/// </summary>
public static class CertificatesLoadProgram
{
    private static readonly string[] Skills = ["C#", "Orleans"];
    private static readonly string[] InstructorRole = ["instructor"];

    public static async Task<int> Main(string[] args)
    {
        var options = LoadOptions.Parse(args);
        if (RepoPaths.Configuration != "Release")
        {
            Console.Error.WriteLine($"Warning: built in {RepoPaths.Configuration}; run with -c Release for figures worth keeping.");
        }
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Certificates — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c {RepoPaths.Configuration} -p:SkipClientApp=true --project benchmarks/Cohortly.CertificatesLoad -- {options}`");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Load before: `{Uptime()}`");
        report.AppendLine();

        await RenderAsync(options, report);
        await ClusterFiguresAsync(options, report);

        report.AppendLine(CultureInfo.InvariantCulture, $"Load after: `{Uptime()}`");
        var text = report.ToString();
        Console.WriteLine(text);
        var results = Path.Combine(RepoPaths.Root, "benchmarks", "results");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, $"certificates-{DateTime.UtcNow:yyyy-MM-dd}.md"), text);
        return 0;
    }

    /// <summary>Signed certificates against the bare document, A B / B A per round.</summary>
    private static async Task RenderAsync(LoadOptions options, StringBuilder report)
    {
        using var data = new TempDirectory("cohortly-certload-keys");
        using var keys = CertificateKeys.Load(new CertificatesOptions(), new DataDirectory(data.Path));
        var pdf = new CertificatePdf(keys, new CertificateProofs(keys));
        CertificateFonts.EnsureInstalled();
        var records = Enumerable.Range(0, options.Renders).Select(Record).ToArray();
        // Warm-up: JIT, fonts, the key's first use.
        for (var i = 0; i < 10; i++)
        {
            await pdf.RenderAsync(records[i % records.Length], "https://cohortly.example");
            Unsigned(records[i % records.Length]);
        }
        var signed = new List<double>();
        var bare = new List<double>();
        long signedBytes = 0, bareBytes = 0;
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var isSigned in round % 2 == 1 ? new[] { true, false } : [false, true])
            {
                var clock = Stopwatch.StartNew();
                foreach (var record in records)
                {
                    if (isSigned)
                    {
                        signedBytes = (await pdf.RenderAsync(record, "https://cohortly.example")).Length;
                    }
                    else
                    {
                        bareBytes = Unsigned(record).Length;
                    }
                }
                (isSigned ? signed : bare).Add(records.Length / clock.Elapsed.TotalSeconds);
            }
        }
        report.AppendLine("## Rendering (in process, one thread)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{options.Renders} certificates per segment, {options.Rounds} rounds. Signed = `CertificatePdf.RenderAsync`: the page with the QR code of the");
        report.AppendLine("signed token, the eddsa-jcs-2022 credential attached, the CMS (RSA-2048, SHA-256) PDF signature. Bare = one A4 landscape");
        report.AppendLine("PDFsharp page with the same strings in the same fonts, no QR code, attachment or signature.");
        report.AppendLine();
        report.AppendLine("| Document | per second (median) | per round | bytes |");
        report.AppendLine("|---|---:|---|---:|");
        report.AppendLine(CultureInfo.InvariantCulture, $"| signed certificate | {Median(signed):0.0} | {Join(signed)} | {signedBytes:N0} |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| bare page | {Median(bare):0.0} | {Join(bare)} | {bareBytes:N0} |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Signed ÷ bare: **{Median(signed) / Median(bare):0.000}** (per round {Join(signed.Zip(bare, (s, b) => s / b), "0.000")}).");
        report.AppendLine();
    }

    private static async Task ClusterFiguresAsync(LoadOptions options, StringBuilder report)
    {
        using var data = new TempDirectory("cohortly-certload");
        await using var app = await CohortlyApp.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000000",
            ["Cohortly__Certificates__VerifyRequestsPerMinute"] = "100000000",
            ["Cohortly__Benchmarks__Baseline"] = "true",
        });
        var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        var admin = await http.RegisterAsync(ApiClient.UniqueEmail("cert-admin"), displayName: "Bench Admin");
        var instructor = await http.RegisterAsync(ApiClient.UniqueEmail("cert-teacher"), displayName: "Bench Teacher");
        using (var roles = await http.SendAsync(HttpMethod.Put, $"/api/users/{instructor.UserId}/roles", admin.AccessToken, new { roles = InstructorRole }))
        {
            await roles.ExpectAsync(HttpStatusCode.OK);
        }
        using var created = await http.SendAsync(HttpMethod.Post, "/api/bootcamps", instructor.AccessToken,
            ApiClient.BootcampBody("Bulk Certificates Bootcamp", capacity: options.Students + 10, skills: Skills));
        await created.ExpectAsync(HttpStatusCode.Created);
        var bootcampId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();

        var seeding = Stopwatch.StartNew();
        var students = await ForEachAsync(Enumerable.Range(0, options.Students).ToArray(), options.Concurrency, async i =>
        {
            var student = await http.RegisterAsync(ApiClient.UniqueEmail($"cert{i}"), displayName: $"Student Número {i} 李");
            using var enrolled = await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken);
            await enrolled.ExpectAsync(HttpStatusCode.Created);
            return student.UserId;
        });
        seeding.Stop();

        var memory = new PeakMemory(app.ProcessId);
        var rssBefore = memory.Sample();
        var cpuBefore = Cpu(app.ProcessId);
        var bulk = Stopwatch.StartNew();
        var ids = await ForEachAsync(students, options.Concurrency, async studentId =>
        {
            using var issued = await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/certificates", instructor.AccessToken, new { studentId });
            await issued.ExpectAsync(HttpStatusCode.Created);
            return JsonNode.Parse(await issued.Content.ReadAsStringAsync())!["certificateId"]!.ToString();
        });
        bulk.Stop();
        var cpu = Cpu(app.ProcessId) - cpuBefore;
        var peak = await memory.StopAsync();

        report.AppendLine(CultureInfo.InvariantCulture, $"## A {options.Students}-student cohort issued in bulk (real Frontend, embedded silo)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{options.Students} `POST /api/bootcamps/{{id}}/certificates` by the instructor, {options.Concurrency} at a time; each makes the record, a status-list place,");
        report.AppendLine("the signed PDF (stored), the student's list entry and the email with the PDF (through the outbox). Seeding the students");
        report.AppendLine(CultureInfo.InvariantCulture, $"(register + enroll) took {seeding.Elapsed.TotalSeconds:0.0} s and is not counted.");
        report.AppendLine();
        report.AppendLine("| Wall time | certificates/s | app CPU s | app RSS before | app peak RSS during (sampled every 50 ms) |");
        report.AppendLine("|---:|---:|---:|---:|---:|");
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {bulk.Elapsed.TotalSeconds:0.0} s | {ids.Length / bulk.Elapsed.TotalSeconds:0.0} | {cpu.TotalSeconds:0.0} | {rssBefore / 1048576.0:0} MB | {peak / 1048576.0:0} MB |");
        report.AppendLine();

        var verify = await ClosedLoopAsync(http, options, i => $"/api/verify/{ids[i % ids.Length]}");
        var baseline = await ClosedLoopAsync(http, options, _ => "/bench/baseline");
        report.AppendLine("## Public verify under load");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{options.Concurrency} closed-loop clients for {options.Seconds} s each, over the {ids.Length} issued ids (rate limit raised for the run;");
        report.AppendLine("in production it is 60 per minute per client address). Baseline: `GET /bench/baseline` in the same process.");
        report.AppendLine();
        report.AppendLine("| Route | requests/s | p50 ms | p95 ms | p99 ms | errors |");
        report.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, run) in new[] { ("GET /api/verify/{id}", verify), ("GET /bench/baseline", baseline) })
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {run.PerSecond:0} | {run.Percentile(0.50):0.0} | {run.Percentile(0.95):0.0} | {run.Percentile(0.99):0.0} | {run.Errors} |");
        }
        report.AppendLine();
    }

    private static async Task<LoopResult> ClosedLoopAsync(HttpClient http, LoadOptions options, Func<int, string> path)
    {
        // Warm-up, not measured.
        for (var i = 0; i < 50; i++)
        {
            using var warm = await http.GetAsync(path(i));
        }
        var latencies = new List<double>[options.Concurrency];
        var errors = 0;
        var until = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async worker =>
        {
            latencies[worker] = [];
            while (until.Elapsed.TotalSeconds < options.Seconds)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path(Interlocked.Increment(ref next)));
                await response.Content.LoadIntoBufferAsync();
                if (response.IsSuccessStatusCode)
                {
                    latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoopResult(all, all.Length / until.Elapsed.TotalSeconds, errors);
    }

    private static CertificateRecord Record(int i) => new(
        Convert.ToHexStringLower(BitConverter.GetBytes((long)i)).PadLeft(40, '0'), "bench", $"student-{i}", $"Zoë Ñúñez 李小龙 {i}",
        "Distributed Systems with Orleans", new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
        ImmutableArray.Create("C#", "Orleans", "PostgreSQL"), 91.5m, "Grace Hopper", "Program Director", "#1f5fbf",
        new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), CertificateStatus.Valid, null, null, new StatusListEntry(1, i));

    /// <summary>The baseline: the same strings on one landscape page in the same fonts, nothing else.</summary>
    private static byte[] Unsigned(CertificateRecord record)
    {
        using var document = new PdfDocument();
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        page.Orientation = PdfSharp.PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var brush = XBrushes.Black;
            string[] lines =
            [
                "CERTIFICATE OF COMPLETION", "This certifies that", record.StudentName, "has completed the bootcamp", record.BootcampTitle,
                "1 September 2026 – 1 December 2026", "Skills: " + string.Join(" · ", record.Skills), "Final grade: 91.5%", record.SignerName,
                record.SignerTitle, "Issued 7 December 2026", $"Certificate ID {record.CertificateId}", "Scan to verify",
            ];
            var y = 60.0;
            foreach (var line in lines)
            {
                new CertificateText(line, 14).Draw(gfx, brush, 60, y);
                y += 30;
            }
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static async Task<TResult[]> ForEachAsync<TItem, TResult>(TItem[] items, int concurrency, Func<TItem, Task<TResult>> action)
    {
        var results = new TResult[items.Length];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Length)
            {
                results[i] = await action(items[i]);
            }
        }));
        return results;
    }

    private static TimeSpan Cpu(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }

    private static string Uptime() => File.ReadAllText("/proc/loadavg").Trim();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Join(IEnumerable<double> values, string format = "0.0") =>
        string.Join(" / ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
}

public sealed record LoopResult(double[] SortedMs, double PerSecond, int Errors)
{
    public double Percentile(double p) => SortedMs.Length == 0 ? double.NaN : SortedMs[Math.Min(SortedMs.Length - 1, (int)Math.Ceiling(p * SortedMs.Length) - 1)];
}

/// <summary>The highest resident set size of a process, sampled from /proc until stopped.</summary>
public sealed class PeakMemory
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    public PeakMemory(int pid)
    {
        _pid = pid;
        _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peak = Math.Max(_peak, Sample());
                await Task.Delay(50).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
    }

    public long Sample()
    {
        using var process = Process.GetProcessById(_pid);
        return process.WorkingSet64;
    }

    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
        return _peak;
    }
}

public sealed record LoadOptions(int Renders, int Rounds, int Students, int Concurrency, int Seconds)
{
    public static LoadOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }
        return new LoadOptions(Get("--renders", 100), Get("--rounds", 3), Get("--students", 500), Get("--concurrency", 8), Get("--seconds", 15));
    }

    public override string ToString() =>
        $"--renders {Renders} --rounds {Rounds} --students {Students} --concurrency {Concurrency} --seconds {Seconds}";
}
