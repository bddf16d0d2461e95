using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Cohortly.Testing;

namespace Cohortly.FileLoad;

/// <summary>
/// Upload throughput through <c>POST /api/files</c> (the Frontend streaming to S3 in 8 MB multipart parts) against
/// the same bytes put straight into the same s3rver with AWSSDK.S3, alternating the two in one run.
/// </summary>
public static class FileLoadProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = FileLoadOptions.Parse(args);
        if (RepoPaths.Configuration != "Release")
        {
            Console.Error.WriteLine($"Warning: built in {RepoPaths.Configuration}; run with -c Release for figures worth keeping.");
        }
        using var data = new TempDirectory("cohortly-fileload");
        await using var s3 = await S3Server.StartAsync();
        const string bucket = "cohortly-bench";
        var environment = new Dictionary<string, string>(s3.Environment(bucket))
        {
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000000",
        };
        await using var app = await CohortlyApp.StartAsync(data.Path, environment);
        var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var (token, bootcampId) = await SeedAsync(http);
        using var direct = new AmazonS3Client(new BasicAWSCredentials(S3Server.AccessKey, S3Server.SecretKey), new AmazonS3Config
        {
            ServiceURL = s3.ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        });

        var big = Bytes(options.BigMegabytes * 1024 * 1024, seed: 1);
        var small = Enumerable.Range(0, options.SmallCount).Select(i => Bytes(options.SmallKilobytes * 1024, seed: 100 + i)).ToArray();
        var meter = new Meter(app.ProcessId, s3.ProcessId);
        var report = new Report(options);

        // Warm-up: JIT, pools and connections on both paths, not measured.
        await ApiUploadAsync(http, token, bootcampId, big.AsMemory(0, 16 * 1024 * 1024).ToArray());
        await DirectPutAsync(direct, bucket, "warm-up", big.AsMemory(0, 16 * 1024 * 1024).ToArray());

        for (var round = 1; round <= options.Rounds; round++)
        {
            // A B, B A, …: a drift in machine speed lands on both.
            var apiFirst = round % 2 == 1;
            foreach (var api in apiFirst ? new[] { true, false } : [false, true])
            {
                if (!api)
                {
                    // The app's own way of storing a large file (8 MB parts), done directly: what s3rver's multipart costs.
                    var parts = await meter.MeasureAsync(big.LongLength, () => DirectMultipartAsync(direct, bucket, $"direct/parts-{round}", big));
                    report.Add("1 × " + options.BigMegabytes + " MB", api, round, parts, "direct, 8 MB parts");
                }
                var bigSegment = await meter.MeasureAsync(big.LongLength, () => api
                    ? ApiUploadAsync(http, token, bootcampId, big)
                    : DirectPutAsync(direct, bucket, $"direct/big-{round}", big));
                report.Add("1 × " + options.BigMegabytes + " MB", api, round, bigSegment);
                var smallSegment = await meter.MeasureAsync(small.Sum(b => (long)b.Length), () => ForEachAsync(small, options.Concurrency, (bytes, i) => api
                    ? ApiUploadAsync(http, token, bootcampId, bytes)
                    : DirectPutAsync(direct, bucket, $"direct/small-{round}-{i}", bytes)));
                report.Add($"{options.SmallCount} × {options.SmallKilobytes} KB", api, round, smallSegment);
                Console.WriteLine($"round {round} {(api ? "API   " : "direct")}: big {bigSegment.MegabytesPerSecond:0.0} MB/s, small {smallSegment.MegabytesPerSecond:0.0} MB/s");
            }
        }

        var path = Path.Combine(RepoPaths.Root, "benchmarks", "results", "files.md");
        await File.WriteAllTextAsync(path, report.Markdown(RepoPaths.Configuration));
        Console.WriteLine(report.Markdown(RepoPaths.Configuration));
        Console.WriteLine($"Written to {path}");
        return 0;
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        Encoding.ASCII.GetBytes("%PDF-1.7\n").CopyTo(bytes, 0);
        return bytes;
    }

    private static async Task<(string Token, string BootcampId)> SeedAsync(HttpClient http)
    {
        var admin = await http.RegisterAsync(ApiClient.UniqueEmail("admin"), ApiClient.StrongPassword, "Bench Admin");
        using (var create = await http.SendAsync(HttpMethod.Post, "/api/bootcamps", admin.AccessToken, ApiClient.BootcampBody("File benchmark", capacity: 10)))
        {
            await create.ExpectAsync(HttpStatusCode.Created);
            // Admins may add resources to any bootcamp.
            return (admin.AccessToken, JsonNode.Parse(await create.Content.ReadAsStringAsync())!["bootcampId"]!.GetValue<string>());
        }
    }

    private static async Task ApiUploadAsync(HttpClient http, string token, string bootcampId, byte[] bytes)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("resource"), "purpose" },
            { new StringContent(bootcampId), "bootcampId" },
            { new ByteArrayContent(bytes), "file", "upload.pdf" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/files") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task DirectPutAsync(AmazonS3Client client, string bucket, string key, byte[] bytes)
    {
        using var content = new MemoryStream(bytes, writable: false);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = content,
            ContentType = "application/pdf",
            // Over plain HTTP s3rver keeps aws-chunked framing inside the object (FACTS.md); the app sends it off too.
            UseChunkEncoding = false,
        });
    }

    private static async Task DirectMultipartAsync(AmazonS3Client client, string bucket, string key, byte[] bytes)
    {
        const int partSize = 8 * 1024 * 1024;
        var uploadId = (await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = "application/pdf" })).UploadId;
        var parts = new List<PartETag>();
        for (var offset = 0; offset < bytes.Length; offset += partSize)
        {
            var length = Math.Min(partSize, bytes.Length - offset);
            using var content = new MemoryStream(bytes, offset, length, writable: false);
            var response = await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = uploadId,
                PartNumber = parts.Count + 1,
                InputStream = content,
                PartSize = length,
                UseChunkEncoding = false,
            });
            parts.Add(new PartETag(parts.Count + 1, response.ETag));
        }
        await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId, PartETags = parts });
    }

    private static async Task ForEachAsync(byte[][] items, int concurrency, Func<byte[], int, Task> action)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Length)
            {
                await action(items[i], i);
            }
        }));
    }
}

public sealed record FileLoadOptions(int BigMegabytes, int SmallCount, int SmallKilobytes, int Concurrency, int Rounds)
{
    public static FileLoadOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }
        return new FileLoadOptions(Get("--big-mb", 200), Get("--small-count", 200), Get("--small-kb", 100), Get("--concurrency", 8), Get("--rounds", 3));
    }
}

public sealed record Segment(long Bytes, TimeSpan Elapsed, TimeSpan AppCpu, TimeSpan S3Cpu, TimeSpan DriverCpu)
{
    public double MegabytesPerSecond => Bytes / (1024.0 * 1024.0) / Elapsed.TotalSeconds;
}

/// <summary>Wall time and the CPU the app, s3rver and this driver used during one segment (from /proc via Process).</summary>
public sealed class Meter(int appPid, int s3Pid)
{
    public async Task<Segment> MeasureAsync(long bytes, Func<Task> work)
    {
        var (app0, s30, me0) = (Cpu(appPid), Cpu(s3Pid), Cpu(Environment.ProcessId));
        var clock = Stopwatch.StartNew();
        await work();
        clock.Stop();
        return new Segment(bytes, clock.Elapsed, Cpu(appPid) - app0, Cpu(s3Pid) - s30, Cpu(Environment.ProcessId) - me0);
    }

    private static TimeSpan Cpu(int pid)
    {
        using var process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }
}

public sealed class Report(FileLoadOptions options)
{
    private readonly List<(string Workload, string Path, int Round, Segment Segment)> _rows = [];

    public void Add(string workload, bool api, int round, Segment segment, string? path = null) =>
        _rows.Add((workload, path ?? (api ? "API" : "direct"), round, segment));

    public string Markdown(string configuration)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# File upload throughput — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c {configuration} -p:SkipClientApp=true --project benchmarks/Cohortly.FileLoad -- --big-mb {options.BigMegabytes} --small-count {options.SmallCount} --small-kb {options.SmallKilobytes} --concurrency {options.Concurrency} --rounds {options.Rounds}`");
        text.AppendLine();
        text.AppendLine("API = `POST /api/files` (multipart/form-data, purpose=resource) to the Frontend, which streams the file to s3rver");
        text.AppendLine("(8 MB multipart parts, one in flight; a single PUT below 8 MB) while hashing SHA-256. Direct = one AWSSDK.S3");
        text.AppendLine("`PutObject` (`UseChunkEncoding = false`) of the same bytes from this driver to the same s3rver; \"direct, 8 MB parts\" =");
        text.AppendLine("the same bytes as an AWSSDK.S3 multipart upload in 8 MB parts, one at a time, as the app stores them. Segments alternate");
        text.AppendLine(CultureInfo.InvariantCulture, $"per round (A B, B A, …). Small files go {options.Concurrency} at a time on both paths. Everything shares this machine's 2 cores.");
        text.AppendLine();
        text.AppendLine("| Workload | Path | MB/s (median of rounds) | per round | app CPU s | s3rver CPU s | driver CPU s |");
        text.AppendLine("|---|---|---:|---|---:|---:|---:|");
        foreach (var group in _rows.GroupBy(r => (r.Workload, r.Path)))
        {
            var segments = group.OrderBy(r => r.Round).Select(r => r.Segment).ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Workload} | {group.Key.Path} | {Median(segments.Select(s => s.MegabytesPerSecond)):0.0} | {string.Join(" / ", segments.Select(s => s.MegabytesPerSecond.ToString("0.0", CultureInfo.InvariantCulture)))} | {Median(segments.Select(s => s.AppCpu.TotalSeconds)):0.00} | {Median(segments.Select(s => s.S3Cpu.TotalSeconds)):0.00} | {Median(segments.Select(s => s.DriverCpu.TotalSeconds)):0.00} |");
        }
        text.AppendLine();
        text.AppendLine("| Workload | Baseline | API ÷ baseline (median MB/s) | per round |");
        text.AppendLine("|---|---|---:|---|");
        foreach (var (workload, baseline) in _rows.Where(r => r.Path != "API").Select(r => (r.Workload, r.Path)).Distinct())
        {
            var api = _rows.Where(r => r.Workload == workload && r.Path == "API").OrderBy(r => r.Round).Select(r => r.Segment.MegabytesPerSecond).ToList();
            var direct = _rows.Where(r => r.Workload == workload && r.Path == baseline).OrderBy(r => r.Round).Select(r => r.Segment.MegabytesPerSecond).ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {workload} | {baseline} | {Median(api) / Median(direct):0.00} | {string.Join(" / ", api.Zip(direct, (a, d) => (a / d).ToString("0.00", CultureInfo.InvariantCulture)))} |");
        }
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
