using System.Diagnostics;
using System.Globalization;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Email;
using Cohortly.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Cohortly.EmailLoad;

/// <summary>
/// Bulk email: the weekly progress report for N enrolled students, from the weekly job's trigger until an SMTP
/// server has received all N, against a bare MailKit loop sending the very same N messages to the same server in the
/// same run. Usage: <c>dotnet run -c Release --project benchmarks/Cohortly.EmailLoad -- [--students 10000] [--out file]</c>.
/// </summary>
public static class EmailProgram
{
    private const string WeeklySubject = "Your week in";

    public static async Task<int> Main(string[] args)
    {
        var students = IntArgument(args, "--students", 10_000);
        var parallelism = IntArgument(args, "--parallelism", 16);
        var connections = IntArgument(args, "--connections", 4);
        var output = StringArgument(args, "--out") ?? Path.Combine(RepoPaths.Root, "benchmarks", "results", "email.md");
        if (RepoPaths.Configuration != "Release")
        {
            Console.Error.WriteLine("Run the driver in Release (dotnet run -c Release): it starts the server built alongside it.");
            return 2;
        }

        await using var smtp = await SmtpSink.StartAsync();
        using var data = new TempDirectory("cohortly-bench-email");
        var gatewayPort = Ports.Free();
        var environment = new Dictionary<string, string>(smtp.Environment)
        {
            ["Cohortly__Orleans__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Cohortly__Orleans__SiloPort"] = Ports.Free().ToString(CultureInfo.InvariantCulture),
            // Measured unthrottled: the figure is what the pipeline can do; production sets the provider's rate.
            ["Cohortly__Email__MaxPerSecond"] = "100000",
            ["Cohortly__Email__Smtp__Connections"] = connections.ToString(CultureInfo.InvariantCulture),
        };
        await using var app = await CohortlyApp.StartAsync(data.Path, environment);
        using var client = await GrainClientAsync(gatewayPort);
        var grains = client.Services.GetRequiredService<IClusterClient>();
        Console.WriteLine($"server at {app.BaseAddress}, SMTP sink on 127.0.0.1:{smtp.Port}, {students:N0} students, {connections} SMTP connections");

        // Seeding sends a welcome and an enrollment email per student through the same outbox: let them all arrive first.
        var seeding = Stopwatch.StartNew();
        var bootcampId = await SeedAsync(grains, students, parallelism);
        var seedingMail = students * 2 + 1;
        await WhileProgressingAsync(smtp, _ => true, seedingMail, "the welcome and enrollment emails of the seeding");
        Console.WriteLine($"seeded {students:N0} enrolled students in {seeding.Elapsed.TotalSeconds:0.0} s (their {seedingMail:N0} seeding emails included)");

        // Seeding leaves work behind that is not the weekly job's (projections catching up on 10,000 enrollments): the
        // bare loop runs against a quiet server, so the weekly job does too.
        var settled = await SettleAsync(app.ProcessId);
        Console.WriteLine($"server settled {settled.TotalSeconds:0.0} s after seeding");

        var loadBefore = LoadAverage();
        var cpuBefore = ServerCpu(app.ProcessId);
        var run = Stopwatch.StartNew();
        // The driver stands in for an admin pressing "send now": grains trust the Caller the front end (here the driver) vouches for.
        var reports = await grains.GetGrain<IWeeklyReportScheduleGrain>(IWeeklyReportScheduleGrain.Key)
            .RunNowAsync(new Caller("benchmark-driver", "Benchmark driver", [Roles.Admin]));
        await smtp.WaitForAsync(IsWeekly, 1, TimeSpan.FromMinutes(5), "the first weekly report");
        var enqueued = run.Elapsed;
        var received = await WhileProgressingAsync(smtp, IsWeekly, students, "every weekly report");
        var pipeline = run.Elapsed;
        var serverCpu = ServerCpu(app.ProcessId) - cpuBefore;
        var loadAfter = LoadAverage();
        var duplicates = smtp.Received.Where(IsWeekly).GroupBy(m => m.MessageId).Count(g => g.Count() > 1);
        Console.WriteLine($"weekly reports: started for {reports:N0} students, first received after {enqueued.TotalSeconds:0.00} s, all {received.Count:N0} after {pipeline.TotalSeconds:0.0} s");

        // The same messages, already rendered, sent by bare MailKit clients: the transport's own ceiling here.
        var messages = received.Take(students).ToList();
        var bareOne = await BareLoopAsync(smtp, messages, 1);
        var bareSame = await BareLoopAsync(smtp, messages, connections);
        Console.WriteLine($"bare MailKit loop: 1 connection {bareOne.TotalSeconds:0.0} s, {connections} connections {bareSame.TotalSeconds:0.0} s");

        Console.WriteLine($"server CPU in the weekly phase {serverCpu.TotalSeconds:0.0} s ({serverCpu.TotalMilliseconds / students:0.00} ms per report), load average {loadBefore} -> {loadAfter}");
        await File.WriteAllTextAsync(output, Report(students, connections, enqueued, pipeline, bareOne, bareSame, duplicates)
            + $"Server CPU (user + system) from the trigger until the last report arrived: {serverCpu.TotalSeconds:0.0} s, {serverCpu.TotalMilliseconds / students:0.00} ms per report. "
            + $"Load average (1 min) at the trigger {loadBefore}, at the last report {loadAfter}.\n");
        Console.WriteLine($"wrote {output}");
        return 0;
    }

    /// <summary>Waits for <paramref name="count"/> matching messages, failing if none arrives for two minutes.</summary>
    private static async Task<List<MimeMessage>> WhileProgressingAsync(SmtpSink smtp, Func<MimeMessage, bool> match, int count, string what)
    {
        var seen = 0;
        var lastProgress = Stopwatch.StartNew();
        while (true)
        {
            var found = smtp.Received.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }
            if (found.Count > seen)
            {
                seen = found.Count;
                lastProgress.Restart();
            }
            else if (lastProgress.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"Stalled waiting for {what}: {found.Count:N0} of {count:N0}, none for two minutes.");
            }
            await Task.Delay(200);
        }
    }

    private static bool IsWeekly(MimeMessage message) => message.Subject?.StartsWith(WeeklySubject, StringComparison.Ordinal) == true;

    private static async Task<string> SeedAsync(IClusterClient grains, int students, int parallelism)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var hash = new Microsoft.AspNetCore.Identity.PasswordHasher<object>().HashPassword(new object(), "correct horse battery staple");
        var admin = (await grains.GetGrain<IEmailIndexGrain>($"admin-{run}@example.com")
            .RegisterAsync(new NewAccount($"admin-{run}@example.com", "Bench Admin", hash))).Profile!;
        var bootcampId = Guid.NewGuid().ToString("N");
        await grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(new Caller(admin.UserId, admin.DisplayName, [Roles.Admin]), new BootcampDetails(
            "Bulk Email Bootcamp", "Seeded by the email load driver.", DateTimeOffset.UtcNow.AddDays(-7), DateTimeOffset.UtcNow.AddDays(60),
            BootcampRules.MaxCapacity, 0, "USD", ["bench"], ["bench"]));
        await Parallel.ForEachAsync(Enumerable.Range(0, students), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) =>
        {
            var email = $"student-{i:D5}-{run}@example.com";
            var profile = (await grains.GetGrain<IEmailIndexGrain>(email).RegisterAsync(new NewAccount(email, $"Student {i:D5}", hash))).Profile!;
            await grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, profile.UserId))
                .EnrollAsync(new Caller(profile.UserId, profile.DisplayName, [Roles.Student]));
        });
        return bootcampId;
    }

    private static async Task<TimeSpan> BareLoopAsync(SmtpSink smtp, List<MimeMessage> messages, int connections)
    {
        var before = smtp.Received.Count;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async lane =>
        {
            using var client = new SmtpClient();
            // Nagle off, as the product's SMTP transport does: otherwise each message waits out a delayed ACK.
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync("127.0.0.1", smtp.Port);
            await client.ConnectAsync(socket, "127.0.0.1", smtp.Port, SecureSocketOptions.None);
            // As the product is configured for this server (Cohortly:Email:Smtp:Pipelining=false, set by SmtpSink.Environment).
            client.Capabilities &= ~SmtpCapabilities.Pipelining;
            for (var i = lane; i < messages.Count; i += connections)
            {
                await client.SendAsync(messages[i]);
            }
            await client.DisconnectAsync(true);
        }));
        var elapsed = clock.Elapsed;
        if (smtp.Received.Count - before != messages.Count)
        {
            throw new InvalidOperationException($"The bare loop sent {messages.Count} but the sink took {smtp.Received.Count - before}.");
        }
        return elapsed;
    }

    private static string Report(int students, int connections, TimeSpan enqueued, TimeSpan pipeline, TimeSpan bareOne, TimeSpan bareSame, int duplicates)
    {
        static string Rate(int n, TimeSpan t) => (n / t.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture);
        var ratioSame = bareSame.TotalSeconds / pipeline.TotalSeconds;
        var ratioOne = bareOne.TotalSeconds / pipeline.TotalSeconds;
        return string.Join('\n',
            $"# Bulk email: weekly reports for {students:N0} students",
            "",
            $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by `benchmarks/Cohortly.EmailLoad` (Release), embedded mode (one process, SQLite),",
            $"sending over SMTP to an in-process SmtpServer 11.1.0 sink on loopback, {connections} pooled SMTP connections, `Cohortly:Email:MaxPerSecond` 100000 (unthrottled).",
            "",
            "| | time | messages/s | ratio (pipeline ÷ bare) |",
            "|---|---|---|---|",
            $"| Weekly job triggered → first report received | {enqueued.TotalSeconds:0.00} s | | |",
            $"| **Weekly job triggered → all {students:N0} received by the SMTP server** | **{pipeline.TotalSeconds:0.0} s** | **{Rate(students, pipeline)}** | |",
            $"| Bare MailKit loop, same {students:N0} messages, {connections} connections | {bareSame.TotalSeconds:0.0} s | {Rate(students, bareSame)} | **{ratioSame:0.00}** |",
            $"| Bare MailKit loop, same {students:N0} messages, 1 connection | {bareOne.TotalSeconds:0.0} s | {Rate(students, bareOne)} | {ratioOne:0.00} |",
            "",
            $"Message ids the SMTP server received more than once from the pipeline: {duplicates}.",
            "");
    }

    private static async Task<IHost> GrainClientAsync(int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort, serviceId: "cohortly", clusterId: "cohortly"));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>
    /// The server's user + system time from /proc (clock ticks of 10 ms): on a machine shared with other work the rate
    /// depends on the share of the cores the server got, its CPU per report does not.
    /// </summary>
    private static TimeSpan ServerCpu(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        // The fields after the command's closing parenthesis; utime and stime are the 14th and 15th of the whole line.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>Waits until the server uses under a tenth of a core over two seconds (at most ten minutes).</summary>
    private static async Task<TimeSpan> SettleAsync(int processId)
    {
        var waited = Stopwatch.StartNew();
        var window = TimeSpan.FromSeconds(2);
        while (waited.Elapsed < TimeSpan.FromMinutes(10))
        {
            var before = ServerCpu(processId);
            await Task.Delay(window);
            if (ServerCpu(processId) - before < window / 10)
            {
                break;
            }
        }
        return waited.Elapsed;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static int IntArgument(string[] args, string name, int fallback) =>
        StringArgument(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? StringArgument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
