using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Compatibility;

/// <summary>
/// The data directory that commit 0e2308f wrote (before the contracts moved one per file, issue 11), checked in
/// under <c>data-0e2308f/</c>, copied to a temporary folder and opened by the app built from this tree.
/// <c>write-snapshot.cs</c> next to this file made it and says how to make another.
/// Moving or renaming grains, state classes and records keeps the SQLite rows readable only while their
/// <c>[Alias]</c>/<c>[Id]</c> and the grain and state names stay: these tests read everything back through the
/// public API only, so they keep compiling whatever moves inside.
/// Measured at 57a4d6d: renaming BootcampState's [Alias] still passed (Orleans writes a value's type only where it
/// differs from the declared one, so a state class's own alias is not in its row), while moving its Details from
/// [Id(0)] to [Id(9)] failed three tests with 404 "There is no such bootcamp.". What the rows depend on: [Id]
/// numbers, the [PersistentState] names, the grain type names (from the class names) and aliases of values stored
/// under a base or object type.
/// </summary>
public sealed class SnapshotAppFixture : IAsyncLifetime
{
    public const string Snapshot = "data-0e2308f";

    private readonly TempDirectory _data = new("cohortly-compat");

    public CohortlyApp App { get; private set; } = null!;

    public HttpClient Http => App.Http;

    /// <summary>The ids and times the old commit made and answered with (write-snapshot.cs wrote them).</summary>
    public JsonNode Manifest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var source = Path.Combine(RepoPaths.Root, "tests", "Cohortly.Api.Tests", "Compatibility", Snapshot);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_data.Path, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(source, "manifest.json")))!;
        App = await CohortlyApp.StartAsync(_data.Path, EmbeddedAppFixture.Environment);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _data.Dispose();
    }
}

public sealed class StoredStateCompatibilityTests(SnapshotAppFixture fixture) : IClassFixture<SnapshotAppFixture>
{
    // What write-snapshot.cs wrote, repeated here as literals on purpose.
    private const string Domain = "@compat.cohortly.test";
    private static readonly Person Admin = new("admin", "ada" + Domain, "snapshot passphrase for the admin", "Ada Admin", ["admin"]);
    private static readonly Person Instructor = new("instructor", "ivy" + Domain, "snapshot passphrase for the instructor", "Ivy Instructor", ["instructor"]);
    private static readonly Person Mentor = new("mentor", "max" + Domain, "snapshot passphrase for the mentor", "Max Mentor", ["mentor"]);
    private static readonly Person Sam = new("sam", "sam" + Domain, "snapshot passphrase for the first student", "Sam Student", ["student"]);
    private static readonly Person Tess = new("tess", "tess" + Domain, "snapshot passphrase for the second student", "Tess Student", ["student"]);
    private static readonly Person[] Everyone = [Admin, Instructor, Mentor, Sam, Tess];
    private const string SubmittedPdf = "%PDF-1.4\n% Cohortly compatibility snapshot: the report Sam attached\n%%EOF\n";

    private HttpClient Http => fixture.Http;

    private JsonNode Manifest => fixture.Manifest;

    private string BootcampId => Manifest["bootcampId"]!.ToString();

    private string AssignmentId => Manifest["assignmentId"]!.ToString();

    private string FileId => Manifest["fileId"]!.ToString();

    private string IdOf(Person person) => Manifest["users"]![person.Key]!.ToString();

    [Fact]
    public async Task AccountsWrittenBeforeTheMoveSignInWithTheirProfilesAndRoles()
    {
        foreach (var person in Everyone)
        {
            var tokens = await Http.LoginAsync(person.Email, person.Password);
            Assert.Equal(IdOf(person), tokens.UserId);
            var me = await Http.GetMeAsync(tokens.AccessToken);
            Assert.Equal((IdOf(person), person.Email, person.Name), (me.UserId, me.Email, me.DisplayName));
            Assert.Equal(person.Roles, me.Roles);
        }
        var admin = await SignInAsync(Admin);
        var found = await GetAsync($"/api/users?email={Uri.EscapeDataString(Mentor.Email)}", admin);
        var mentor = Assert.Single(found["items"]!.AsArray())!;
        Assert.Equal((IdOf(Mentor), Mentor.Name, "mentor"), (mentor["userId"]!.ToString(), mentor["displayName"]!.ToString(), mentor["roles"]![0]!.ToString()));

        // The registry still knows the address is taken.
        using var again = await Http.PostAsJsonAsync("/api/auth/register", new { email = Sam.Email, password = "another long passphrase here", displayName = "Sam Again" });
        await again.ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task BootcampWrittenBeforeTheMoveKeepsItsDetailsStaffSeatsAndRoster()
    {
        var sam = await SignInAsync(Sam);
        var bootcamp = await GetAsync($"/api/bootcamps/{BootcampId}", sam);
        Assert.Equal("Compatibility Bootcamp", bootcamp["title"]!.ToString());
        Assert.Equal("State written before the contract move.", bootcamp["description"]!.ToString());
        Assert.Equal(DateTimeOffset.Parse("2027-02-01T09:00:00Z"), bootcamp["startsAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(DateTimeOffset.Parse("2027-04-30T17:00:00Z"), bootcamp["endsAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal((12, 0L, "USD"), (bootcamp["capacity"]!.GetValue<int>(), bootcamp["priceMinor"]!.GetValue<long>(), bootcamp["currency"]!.ToString()));
        Assert.Equal(["web", "compat"], Strings(bootcamp["tags"]));
        Assert.Equal(["csharp", "orleans"], Strings(bootcamp["skills"]));
        Assert.Equal((2, 10, 1), (bootcamp["enrolledCount"]!.GetValue<int>(), bootcamp["seatsLeft"]!.GetValue<int>(), bootcamp["assignmentCount"]!.GetValue<int>()));
        Assert.Equal(Manifest["bootcampCreatedAt"]!.GetValue<DateTimeOffset>(), bootcamp["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(
            new[] { $"{IdOf(Instructor)} Ivy Instructor instructor", $"{IdOf(Mentor)} Max Mentor mentor" }.Order(StringComparer.Ordinal),
            bootcamp["staff"]!.AsArray().Select(s => $"{s!["userId"]} {s["displayName"]} {s["role"]}").Order(StringComparer.Ordinal).ToArray());

        var catalog = await GetAsync("/api/bootcamps?q=Compatibility&tag=compat", sam);
        Assert.Equal(BootcampId, Assert.Single(catalog["items"]!.AsArray())!["bootcampId"]!.ToString());

        var roster = await GetAsync($"/api/bootcamps/{BootcampId}/enrollments", await SignInAsync(Instructor));
        Assert.Equal(2, roster["total"]!.GetValue<long>());
        Assert.Equal(
            new[] { $"{IdOf(Sam)} Sam Student active", $"{IdOf(Tess)} Tess Student active" }.Order(StringComparer.Ordinal),
            roster["items"]!.AsArray().Select(e => $"{e!["userId"]} {e["displayName"]} {e["status"]}").Order(StringComparer.Ordinal).ToArray());

        var mine = Assert.Single(Items(await GetAsync("/api/me/bootcamps", sam)))!;
        Assert.Equal((BootcampId, "student"), (mine["bootcampId"]!.ToString(), mine["role"]!.ToString()));
        AssertProgress(mine["progress"]!, completed: 1, total: 1, average: 50m, late: 1);
        var ivys = Assert.Single(Items(await GetAsync("/api/me/bootcamps", await SignInAsync(Instructor))))!;
        Assert.Equal((BootcampId, "instructor"), (ivys["bootcampId"]!.ToString(), ivys["role"]!.ToString()));
    }

    [Fact]
    public async Task AssignmentWrittenBeforeTheMoveKeepsItsLatePolicyVersionsGradeAndExtension()
    {
        var ivy = await SignInAsync(Instructor);
        var assignment = await GetAsync($"/api/assignments/{AssignmentId}", ivy);
        Assert.Equal((BootcampId, "Build a grain", "Persist its state with aliases."),
            (assignment["bootcampId"]!.ToString(), assignment["title"]!.ToString(), assignment["description"]!.ToString()));
        Assert.Equal(Manifest["assignmentDueAt"]!.GetValue<DateTimeOffset>(), assignment["dueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(Manifest["assignmentCreatedAt"]!.GetValue<DateTimeOffset>(), assignment["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal((100m, 1_048_576L, false), (assignment["maxScore"]!.GetValue<decimal>(), assignment["maxFileBytes"]!.GetValue<long>(), assignment["closed"]!.GetValue<bool>()));
        Assert.Equal([".pdf", ".zip"], Strings(assignment["allowedExtensions"]));
        Assert.Equal((10m, 40m), (assignment["latePolicy"]!["percentPerDay"]!.GetValue<decimal>(), assignment["latePolicy"]!["floorPercent"]!.GetValue<decimal>()));

        // The staff's view: the latest version per student, Sam's graded and late, Tess's on time under her extension.
        var submissions = await GetAsync($"/api/assignments/{AssignmentId}/submissions", ivy);
        Assert.Equal(2, submissions["total"]!.GetValue<long>());
        var samRow = submissions["items"]!.AsArray().Single(r => r!["studentId"]!.ToString() == IdOf(Sam))!;
        Assert.Equal(("Sam Student", 2, true), (samRow["studentName"]!.ToString(), samRow["latestVersion"]!.GetValue<int>(), samRow["late"]!.GetValue<bool>()));
        AssertGrade(samRow["grade"]!);
        var tessRow = submissions["items"]!.AsArray().Single(r => r!["studentId"]!.ToString() == IdOf(Tess))!;
        Assert.Equal(("Tess Student", 1, false), (tessRow["studentName"]!.ToString(), tessRow["latestVersion"]!.GetValue<int>(), tessRow["late"]!.GetValue<bool>()));
        Assert.Equal(DateTimeOffset.Parse("2030-06-30T12:00:00Z"), tessRow["extendedDueAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(Manifest["tessSubmittedAt"]!.GetValue<DateTimeOffset>(), tessRow["submittedAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(tessRow["grade"]);

        // The student's view: both versions, the first text only, the second with the file and the grade.
        var sam = await SignInAsync(Sam);
        var versions = await GetAsync($"/api/assignments/{AssignmentId}/submissions", sam);
        Assert.Equal(2, versions["total"]!.GetValue<long>());
        var first = await GetAsync($"/api/assignments/{AssignmentId}/submissions/{IdOf(Sam)}/versions/1", sam);
        Assert.Equal((1, "First draft.", true, 3), (first["version"]!.GetValue<int>(), first["text"]!.ToString(), first["late"]!.GetValue<bool>(), first["daysLate"]!.GetValue<int>()));
        Assert.Equal(Manifest["samSubmittedAt"]![0]!.GetValue<DateTimeOffset>(), first["submittedAt"]!.GetValue<DateTimeOffset>());
        Assert.Empty(first["fileIds"]!.AsArray());
        Assert.Null(first["grade"]);
        var second = await GetAsync($"/api/assignments/{AssignmentId}/submissions/{IdOf(Sam)}/versions/2", ivy);
        Assert.Equal((2, "Final version with the report.", true, 3), (second["version"]!.GetValue<int>(), second["text"]!.ToString(), second["late"]!.GetValue<bool>(), second["daysLate"]!.GetValue<int>()));
        Assert.Equal(Manifest["samSubmittedAt"]![1]!.GetValue<DateTimeOffset>(), second["submittedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal([FileId], Strings(second["fileIds"]));
        var attached = Assert.Single(second["files"]!.AsArray())!;
        Assert.Equal((FileId, "report.pdf", (long)SubmittedPdf.Length, "application/pdf"),
            (attached["fileId"]!.ToString(), attached["name"]!.ToString(), attached["sizeBytes"]!.GetValue<long>(), attached["contentType"]!.ToString()));
        AssertGrade(second["grade"]!);

        AssertProgress(await GetAsync($"/api/bootcamps/{BootcampId}/progress/{IdOf(Sam)}", ivy), completed: 1, total: 1, average: 50m, late: 1);
        AssertProgress(await GetAsync($"/api/bootcamps/{BootcampId}/progress/{IdOf(Tess)}", ivy), completed: 1, total: 1, average: null, late: 0);
    }

    [Fact]
    public async Task FileUploadedBeforeTheMoveKeepsItsMetadataAndDownloadsTheSameBytes()
    {
        var sam = await SignInAsync(Sam);
        var file = await GetAsync($"/api/files/{FileId}", sam);
        Assert.Equal(("report.pdf", (long)SubmittedPdf.Length, "application/pdf"), (file["name"]!.ToString(), file["sizeBytes"]!.GetValue<long>(), file["contentType"]!.ToString()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(SubmittedPdf))), file["sha256"]!.ToString());
        Assert.Equal(("submission", BootcampId, AssignmentId, IdOf(Sam)),
            (file["purpose"]!.ToString(), file["bootcampId"]!.ToString(), file["assignmentId"]!.ToString(), file["ownerId"]!.ToString()));
        Assert.Equal(FileId, Assert.Single((await GetAsync("/api/me/files", sam))["items"]!.AsArray())!["fileId"]!.ToString());

        // A fresh link (the link key is made now if the snapshot had none) serves the bytes stored on disk then.
        var link = await GetAsync($"/api/files/{FileId}/download-url", await SignInAsync(Instructor));
        using var download = await Http.GetAsync(link["url"]!.ToString());
        await download.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(SubmittedPdf, Encoding.ASCII.GetString(await download.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task InboxesWrittenBeforeTheMoveKeepTheirNotificationsAndReadMarks()
    {
        foreach (var person in Everyone)
        {
            var inbox = (await GetAsync("/api/notifications?pageSize=100", await SignInAsync(person)))["items"]!.AsArray();
            var now = inbox.ToDictionary(n => n!["notificationId"]!.ToString());
            var before = Manifest["inboxes"]![person.Key]!.AsArray();
            Assert.NotEmpty(before);
            foreach (var old in before)
            {
                Assert.True(now.TryGetValue(old!["notificationId"]!.ToString(), out var same), $"{person.Name} lost {old.ToJsonString()}");
                Assert.Equal(Line(old), Line(same!));
            }
        }
        // The same, as the sentences a person sees: Sam read only the grade, Tess read all but what came after.
        var sam = await GetAsync("/api/notifications?pageSize=100", await SignInAsync(Sam));
        Assert.Equal(
            ["announcement Platform notice unread", "announcement Welcome unread", "assignment.created New assignment: Build a grain unread",
             "enrollment.confirmed You're enrolled in Compatibility Bootcamp unread", "grade.published Your work was graded read",
             "mentor.available Max Mentor is available unread"],
            Sentences(sam));
        Assert.Equal(5, sam["unread"]!.GetValue<int>());
        var tess = await GetAsync("/api/notifications?pageSize=100", await SignInAsync(Tess));
        Assert.Equal(
            ["announcement Platform notice read", "announcement Welcome read", "assignment.created New assignment: Build a grain read",
             "enrollment.confirmed You're enrolled in Compatibility Bootcamp read", "mentor.available Max Mentor is available unread"],
            Sentences(tess));
        Assert.Equal(1, tess["unread"]!.GetValue<int>());
        var ivy = await GetAsync("/api/notifications?pageSize=100", await SignInAsync(Instructor));
        Assert.Contains("chat.mention Tess Student mentioned you unread", Sentences(ivy));
        Assert.Equal(3, Sentences(ivy).Count(s => s.StartsWith("submission.created", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ChatHistoryWrittenBeforeTheMoveReadsBackInOrder()
    {
        var history = (await GetAsync($"/api/bootcamps/{BootcampId}/chat", await SignInAsync(Tess)))["items"]!.AsArray();
        Assert.Equal(
            [$"1 {IdOf(Sam)} Sam Student: Hello everyone", $"2 {IdOf(Tess)} Tess Student: Hi @Ivy Instructor, a question about the grain", $"3 {IdOf(Instructor)} Ivy Instructor: Ask away"],
            history.Select(m => $"{m!["sequence"]} {m["fromUserId"]} {m["fromDisplayName"]}: {m["text"]}").ToArray());
        var before = Manifest["chat"]!.AsArray();
        Assert.Equal(before.Select(m => (m!["messageId"]!.ToString(), m["sentAt"]!.GetValue<DateTimeOffset>())),
            history.Select(m => (m!["messageId"]!.ToString(), m["sentAt"]!.GetValue<DateTimeOffset>())));
    }

    [Fact]
    public async Task EmailPreferencesOutboxAndMailboxWrittenBeforeTheMoveReadBack()
    {
        var preferences = await GetAsync("/api/me/email-preferences", await SignInAsync(Sam));
        Assert.Equal((false, true, true),
            (preferences["weeklyReport"]!.GetValue<bool>(), preferences["assignmentNotices"]!.GetValue<bool>(), preferences["marketing"]!.GetValue<bool>()));

        var admin = await SignInAsync(Admin);
        // Later sends (a weekly report falling due while the test runs) may add rows; none written then may go.
        var outbox = (await GetAsync("/api/admin/email/outbox?pageSize=100", admin))["items"]!.AsArray()
            .ToDictionary(m => m!["messageId"]!.ToString());
        var expected = new[]
        {
            "ada welcome", "ivy welcome", "max welcome", "sam welcome", "tess welcome", "sam enrollment-confirmed", "tess enrollment-confirmed",
            "sam assignment-posted", "tess assignment-posted", "tess password-reset",
        };
        var old = Manifest["outbox"]!.AsArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal), old.Select(m => $"{m!["to"]!.ToString().Replace(Domain, "", StringComparison.Ordinal)} {m["template"]}").Order(StringComparer.Ordinal));
        foreach (var message in old)
        {
            Assert.True(outbox.TryGetValue(message!["messageId"]!.ToString(), out var now), $"the outbox lost {message.ToJsonString()}");
            Assert.Equal((message["to"]!.ToString(), message["template"]!.ToString(), "sent", 1),
                (now!["to"]!.ToString(), now["template"]!.ToString(), now["status"]!.ToString(), now["attempts"]!.GetValue<int>()));
        }

        var mailbox = (await GetAsync("/dev/mailbox?limit=500", admin))["items"]!.AsArray().ToDictionary(m => m!["messageId"]!.ToString());
        foreach (var message in Manifest["mailbox"]!.AsArray())
        {
            Assert.True(mailbox.TryGetValue(message!["messageId"]!.ToString(), out var now), $"the mailbox lost {message.ToJsonString()}");
            Assert.Equal((message["to"]!.ToString(), message["subject"]!.ToString()), (now!["to"]!.ToString(), now["subject"]!.ToString()));
        }
        var reset = mailbox.Values.Single(m => m!["subject"]!.ToString() == "Reset your Cohortly password")!;
        Assert.Equal(Tess.Email, reset["to"]!.ToString());
        Assert.Contains("/reset-password?token=", reset["text"]!.ToString(), StringComparison.Ordinal);
    }

    private static void AssertGrade(JsonNode grade)
    {
        Assert.Equal((80m, 50m, 100m), (grade["score"]!.GetValue<decimal>(), grade["publishedScore"]!.GetValue<decimal>(), grade["maxScore"]!.GetValue<decimal>()));
        Assert.Equal(("Good work, three days late.", 2, 3), (grade["feedback"]!.ToString(), grade["version"]!.GetValue<int>(), grade["daysLate"]!.GetValue<int>()));
    }

    private static void AssertProgress(JsonNode progress, int completed, int total, decimal? average, int late) =>
        Assert.Equal((completed, total, average, late),
            (progress["completedAssignments"]!.GetValue<int>(), progress["totalAssignments"]!.GetValue<int>(),
             progress["averageScorePercent"]?.GetValue<decimal>(), progress["lateCount"]!.GetValue<int>()));

    /// <summary>A plain array or a page's items: the list either way.</summary>
    private static JsonArray Items(JsonNode list) => list as JsonArray ?? list["items"]!.AsArray();

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(s => s!.ToString())];

    private static string Line(JsonNode n) =>
        $"{n["kind"]} | {n["title"]} | {n["body"]} | {n["bootcampId"]} | {n["createdAt"]!.GetValue<DateTimeOffset>():O} | {n["read"]} | " +
        string.Join(", ", n["data"]!.AsObject().Select(d => $"{d.Key}={d.Value}").Order(StringComparer.Ordinal));

    private static string[] Sentences(JsonNode inbox) =>
        [.. inbox["items"]!.AsArray().Select(n => $"{n!["kind"]} {n["title"]} {(n["read"]!.GetValue<bool>() ? "read" : "unread")}").Order(StringComparer.Ordinal)];

    private async Task<string> SignInAsync(Person person) => (await Http.LoginAsync(person.Email, person.Password)).AccessToken;

    private async Task<JsonNode> GetAsync(string path, string accessToken)
    {
        using var response = await Http.SendAsync(HttpMethod.Get, path, accessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private sealed record Person(string Key, string Email, string Password, string Name, string[] Roles);
}
