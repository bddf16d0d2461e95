#:project ../../Cohortly.Testing/Cohortly.Testing.csproj
#:property PublishAot=false

// Writes the data-directory snapshot that StoredStateCompatibilityTests reads (issue 11).
//
//   cd <repo> && dotnet run tests/Cohortly.Api.Tests/Compatibility/write-snapshot.cs -- tests/Cohortly.Api.Tests/Compatibility/data-<commit>
//
// Needs: the .NET 10 SDK (file-based app) and the sqlite3 CLI (apt-get install sqlite3). It builds the Frontend
// (through Cohortly.Testing), starts it in embedded mode on an empty temporary data directory exactly as the tests
// do, drives the public HTTP API and the SignalR hub as the five users below, waits until every notification and
// email has landed, stops the process with SIGTERM by its PID, and copies only what a later commit needs into the
// output folder: cohortly.db (checkpointed into one file), keys/, files/ and mailbox/, plus manifest.json with the
// server-made ids and times. The users, passwords and values are repeated as literals in the test on purpose:
// the test must keep compiling whatever moves, and a literal is the strongest assertion.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cohortly.Testing;
using Microsoft.AspNetCore.SignalR.Client;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run tests/Cohortly.Api.Tests/Compatibility/write-snapshot.cs -- <output folder>");
    return 2;
}
var output = Path.GetFullPath(args[0]);
if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
{
    Console.Error.WriteLine($"{output} is not empty; remove it first.");
    return 2;
}
var root = Snapshot.RepoRoot();
var data = Path.Combine(Path.GetTempPath(), $"cohortly-snapshot-{Guid.NewGuid():N}");
Directory.CreateDirectory(data);

var port = Snapshot.FreePort();
var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.Combine(root, "Cohortly.Frontend"), UseShellExecute = false };
// What `dotnet run --project Cohortly.Frontend -- --urls …` runs, minus the wrapper process, so the PID below is the app's.
foreach (var argument in new[] { Path.Combine(root, "Cohortly.Frontend", "bin", "Debug", "net10.0", "Cohortly.Frontend.dll"),
    "--contentRoot", Path.Combine(root, "Cohortly.Frontend"), "--urls", $"http://127.0.0.1:{port}" })
{
    start.ArgumentList.Add(argument);
}
start.Environment["DOTNET_ENVIRONMENT"] = "Production";
start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
start.Environment["Logging__LogLevel__Default"] = "Warning";
start.Environment["Cohortly__DataDirectory"] = data;
start.Environment["Cohortly__Orleans__SiloPort"] = "0";
start.Environment["Cohortly__Orleans__GatewayPort"] = "0";
start.Environment["Cohortly__Auth__ClientRequestsPerMinute"] = "100000";
using var app = Process.Start(start)!;
Console.WriteLine($"Cohortly.Frontend started, pid {app.Id}, data {data}");
var manifest = new JsonObject { ["commit"] = Snapshot.Git(root, "rev-parse", "--short", "HEAD"), ["writtenAt"] = DateTimeOffset.UtcNow };
try
{
    using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    await Eventually.Until(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, ok => ok || app.HasExited, TimeSpan.FromSeconds(90), "the app to be ready");
    await Snapshot.WriteAsync(http, manifest);
}
finally
{
    if (!app.HasExited)
    {
        using (var term = Process.Start("kill", ["-TERM", app.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            await term.WaitForExitAsync();
        }
        await app.WaitForExitAsync();
    }
    Console.WriteLine($"Cohortly.Frontend stopped, exit code {app.ExitCode}");
    if (!File.Exists(Path.Combine(data, "cohortly.db")) || app.ExitCode != 0)
    {
        Directory.Delete(data, recursive: true);
    }
}

Directory.CreateDirectory(output);
// One self-contained file: whatever the WAL still held is folded in.
Snapshot.Run("sqlite3", Path.Combine(data, "cohortly.db"), $"VACUUM INTO '{Path.Combine(output, "cohortly.db")}'");
foreach (var folder in new[] { "keys", "files", "mailbox" })
{
    foreach (var file in Directory.EnumerateFiles(Path.Combine(data, folder), "*", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.incoming{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
    {
        var target = Path.Combine(output, Path.GetRelativePath(data, file));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(file, target);
    }
}
await File.WriteAllTextAsync(Path.Combine(output, "manifest.json"), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
Directory.Delete(data, recursive: true);
Console.WriteLine($"Snapshot written to {output}");
return 0;

internal static class Snapshot
{
    // Repeated in StoredStateCompatibilityTests: the values this snapshot holds.
    private const string Domain = "@compat.cohortly.test";
    private static readonly (string Key, string Email, string Password, string Name)[] People =
    [
        ("admin", "ada" + Domain, "snapshot passphrase for the admin", "Ada Admin"),
        ("instructor", "ivy" + Domain, "snapshot passphrase for the instructor", "Ivy Instructor"),
        ("mentor", "max" + Domain, "snapshot passphrase for the mentor", "Max Mentor"),
        ("sam", "sam" + Domain, "snapshot passphrase for the first student", "Sam Student"),
        ("tess", "tess" + Domain, "snapshot passphrase for the second student", "Tess Student"),
    ];

    public const string SubmittedPdf = "%PDF-1.4\n% Cohortly compatibility snapshot: the report Sam attached\n%%EOF\n";

    public static async Task WriteAsync(HttpClient http, JsonObject manifest)
    {
        var tokens = new Dictionary<string, Tokens>();
        var ids = new JsonObject();
        foreach (var (key, email, password, name) in People)
        {
            tokens[key] = await http.RegisterAsync(email, password, name);
            ids[key] = tokens[key].UserId;
        }
        manifest["users"] = ids;
        string admin = tokens["admin"].AccessToken, sam = tokens["sam"].AccessToken, tess = tokens["tess"].AccessToken;
        await Send(http, HttpMethod.Put, $"/api/users/{ids["instructor"]}/roles", admin, new { roles = new[] { "instructor" } }, HttpStatusCode.OK);
        await Send(http, HttpMethod.Put, $"/api/users/{ids["mentor"]}/roles", admin, new { roles = new[] { "mentor" } }, HttpStatusCode.OK);
        // Roles are in the token: sign in again to act in them.
        var ivy = (await http.LoginAsync("ivy" + Domain, People[1].Password)).AccessToken;
        var max = (await http.LoginAsync("max" + Domain, People[2].Password)).AccessToken;

        var bootcamp = await Send(http, HttpMethod.Post, "/api/bootcamps", admin, new
        {
            title = "Compatibility Bootcamp",
            description = "State written before the contract move.",
            startsAt = DateTimeOffset.Parse("2027-02-01T09:00:00Z", CultureInfo.InvariantCulture),
            endsAt = DateTimeOffset.Parse("2027-04-30T17:00:00Z", CultureInfo.InvariantCulture),
            capacity = 12,
            priceMinor = 0,
            currency = "USD",
            tags = new[] { "web", "compat" },
            skills = new[] { "csharp", "orleans" },
        }, HttpStatusCode.Created);
        var bootcampId = bootcamp["bootcampId"]!.ToString();
        manifest["bootcampId"] = bootcampId;
        manifest["bootcampCreatedAt"] = bootcamp["createdAt"]!.DeepClone();
        await Send(http, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/staff", admin, new { userId = ids["instructor"]!.ToString(), role = "instructor" }, HttpStatusCode.NoContent);
        await Send(http, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/staff", admin, new { userId = ids["mentor"]!.ToString(), role = "mentor" }, HttpStatusCode.NoContent);
        await Send(http, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", sam, null, HttpStatusCode.Created);
        await Send(http, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", tess, null, HttpStatusCode.Created);

        // Due two and a half days ago: Sam's work is three started days late; Tess has an extension.
        var dueAt = DateTimeOffset.UtcNow.AddDays(-2.5);
        var assignment = await Send(http, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments", ivy, new
        {
            title = "Build a grain",
            description = "Persist its state with aliases.",
            dueAt,
            maxScore = 100,
            allowedExtensions = new[] { ".pdf", ".zip" },
            maxFileBytes = 1_048_576,
            latePolicy = new { percentPerDay = 10, floorPercent = 40 },
        }, HttpStatusCode.Created);
        var assignmentId = assignment["assignmentId"]!.ToString();
        manifest["assignmentId"] = assignmentId;
        manifest["assignmentDueAt"] = assignment["dueAt"]!.DeepClone();
        manifest["assignmentCreatedAt"] = assignment["createdAt"]!.DeepClone();
        await Send(http, HttpMethod.Put, $"/api/assignments/{assignmentId}/extensions/{ids["tess"]}", ivy,
            new { dueAt = DateTimeOffset.Parse("2030-06-30T12:00:00Z", CultureInfo.InvariantCulture) }, HttpStatusCode.NoContent);

        var first = await Send(http, HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", sam, new { text = "First draft." }, HttpStatusCode.Created);
        using var upload = await http.UploadAsync(sam, "report.pdf", Encoding.ASCII.GetBytes(SubmittedPdf), "submission", assignmentId);
        await upload.ExpectAsync(HttpStatusCode.Created);
        var file = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        manifest["fileId"] = file["fileId"]!.DeepClone();
        var second = await Send(http, HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", sam,
            new { text = "Final version with the report.", fileIds = new[] { file["fileId"]!.ToString() } }, HttpStatusCode.Created);
        var tessFirst = await Send(http, HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", tess,
            new { text = "On time thanks to the extension." }, HttpStatusCode.Created);
        manifest["samSubmittedAt"] = new JsonArray(first["submittedAt"]!.DeepClone(), second["submittedAt"]!.DeepClone());
        manifest["tessSubmittedAt"] = tessFirst["submittedAt"]!.DeepClone();
        var grade = await Send(http, HttpMethod.Put, $"/api/assignments/{assignmentId}/submissions/{ids["sam"]}/grade", ivy,
            new { score = 80, feedback = "Good work, three days late." }, HttpStatusCode.OK);
        manifest["gradedAt"] = grade["gradedAt"]!.DeepClone();

        await Send(http, HttpMethod.Post, "/api/announcements", ivy, new { title = "Welcome", body = "Office hours are on Fridays.", bootcampId }, HttpStatusCode.Accepted);
        await Send(http, HttpMethod.Post, "/api/announcements", admin, new { title = "Platform notice", body = "Maintenance on Sunday." }, HttpStatusCode.Accepted);

        await using (var samLive = await LiveClient.ConnectAsync(http.BaseAddress!, sam))
        await using (var tessLive = await LiveClient.ConnectAsync(http.BaseAddress!, tess))
        await using (var ivyLive = await LiveClient.ConnectAsync(http.BaseAddress!, ivy))
        {
            foreach (var live in new[] { samLive, tessLive, ivyLive })
            {
                await live.Connection.InvokeAsync("JoinBootcamp", bootcampId);
            }
            await samLive.Connection.InvokeAsync("SendChatMessage", bootcampId, "Hello everyone");
            await samLive.WaitForAsync("chatMessage", m => m["text"]!.ToString() == "Hello everyone", "Sam's message");
            await tessLive.Connection.InvokeAsync("SendChatMessage", bootcampId, "Hi @Ivy Instructor, a question about the grain");
            await samLive.WaitForAsync("chatMessage", m => m["fromUserId"]!.ToString() == ids["tess"]!.ToString(), "Tess's message");
            await ivyLive.Connection.InvokeAsync("SendChatMessage", bootcampId, "Ask away");
            await samLive.WaitForAsync("chatMessage", m => m["text"]!.ToString() == "Ask away", "Ivy's message");
        }

        // Read state: Sam reads the grade, Tess reads everything she had before the mentor said she was available.
        var samGrade = await WaitForInboxAsync(http, sam, ["grade.published", "announcement", "assignment.created", "enrollment.confirmed"]);
        var gradeNotice = samGrade.First(n => n!["kind"]!.ToString() == "grade.published")!["notificationId"]!.ToString();
        await Send(http, HttpMethod.Post, $"/api/notifications/{gradeNotice}/read", sam, null, HttpStatusCode.NoContent);
        await WaitForInboxAsync(http, tess, ["announcement", "assignment.created", "enrollment.confirmed"]);
        await Send(http, HttpMethod.Post, "/api/notifications/read-all", tess, null, HttpStatusCode.NoContent);
        await WaitForInboxAsync(http, ivy, ["chat.mention", "submission.created"]);
        await Send(http, HttpMethod.Put, "/api/mentors/me/availability", max, new { available = true }, HttpStatusCode.NoContent);
        await WaitForInboxAsync(http, sam, ["mentor.available"]);
        await WaitForInboxAsync(http, tess, ["mentor.available"]);

        await Send(http, HttpMethod.Put, "/api/me/email-preferences", sam, new { weeklyReport = false, assignmentNotices = true, marketing = true }, HttpStatusCode.OK);
        using (var reset = await http.PostAsJsonAsync("/api/auth/password-reset/request", new { email = "tess" + Domain }))
        {
            await reset.ExpectAsync(HttpStatusCode.Accepted);
        }
        // Nothing left to send, and the reset email in the mailbox, before the process stops.
        await Eventually.Until(async () => await Send(http, HttpMethod.Get, "/api/admin/email/outbox?status=queued", admin, null, HttpStatusCode.OK),
            queued => queued["total"]!.GetValue<long>() == 0, TimeSpan.FromSeconds(60), "the outbox to drain");
        await Eventually.Until(async () => await Send(http, HttpMethod.Get, "/dev/mailbox", admin, null, HttpStatusCode.OK),
            box => box["items"]!.AsArray().Any(m => m!["to"]!.ToString() == "tess" + Domain && m["subject"]!.ToString().Contains("password", StringComparison.OrdinalIgnoreCase)),
            TimeSpan.FromSeconds(60), "the reset email");

        // What the old commit answers, for the test to compare with what a later commit reads from the same file.
        var inboxes = new JsonObject();
        foreach (var (key, email, password, _) in People)
        {
            var token = (await http.LoginAsync(email, password)).AccessToken;
            inboxes[key] = (await Send(http, HttpMethod.Get, "/api/notifications?pageSize=100", token, null, HttpStatusCode.OK))["items"]!.DeepClone();
        }
        manifest["inboxes"] = inboxes;
        manifest["chat"] = (await Send(http, HttpMethod.Get, $"/api/bootcamps/{bootcampId}/chat", sam, null, HttpStatusCode.OK))["items"]!.DeepClone();
        manifest["outbox"] = (await Send(http, HttpMethod.Get, "/api/admin/email/outbox?pageSize=100", admin, null, HttpStatusCode.OK))["items"]!.DeepClone();
        manifest["mailbox"] = new JsonArray([.. (await Send(http, HttpMethod.Get, "/dev/mailbox", admin, null, HttpStatusCode.OK))["items"]!.AsArray()
            .Select(m => new JsonObject { ["messageId"] = m!["messageId"]!.DeepClone(), ["to"] = m["to"]!.DeepClone(), ["subject"] = m["subject"]!.DeepClone() })]);
    }

    private static async Task<JsonArray> WaitForInboxAsync(HttpClient http, string token, string[] kinds) =>
        await Eventually.Until(
            async () => (await Send(http, HttpMethod.Get, "/api/notifications?pageSize=100", token, null, HttpStatusCode.OK))["items"]!.AsArray(),
            items => kinds.All(kind => items.Any(n => n!["kind"]!.ToString() == kind)),
            TimeSpan.FromSeconds(30), string.Join(", ", kinds));

    private static async Task<JsonNode> Send(HttpClient http, HttpMethod method, string path, string token, object? body, HttpStatusCode expected)
    {
        using var response = await http.SendAsync(method, path, token, body);
        await response.ExpectAsync(expected);
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static string RepoRoot([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Git(string root, params string[] arguments) => Run("git", ["-C", root, .. arguments]).Trim();

    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}");
    }
}
