using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;
using Xunit.Abstractions;

namespace Cohortly.Api.Tests.Platform;

/// <summary>
/// The embedded process is killed (kill -9) in the middle of enrollments, submissions, grades and announcements, then
/// started again on the same data directory. Every request that was answered 2xx must have its effect exactly once,
/// and every request that was not must complete when the client retries it with the same Idempotency-Key.
/// </summary>
public sealed class EmbeddedCrashTests(ITestOutputHelper output) : OwnAppTests("cohortly-crash", Settings)
{
    private const int Students = 12;
    private const int Announcements = 6;

    private HttpClient Http => App.Http;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
        // Events a crash left stored are re-published on this period; production keeps the one-minute default.
        ["Cohortly__Events__RepublishPeriod"] = "00:00:03",
    };

    /// <summary>One request of the load: sent again unchanged (same Idempotency-Key) when the first try got no 2xx.</summary>
    private sealed record Operation(string Name, Func<Task<HttpResponseMessage>> Send)
    {
        public HttpStatusCode? Answer { get; set; }
        public string? Body { get; set; }
    }

    [Fact]
    public async Task AKillMidLoadLosesNothingAcknowledgedAndRetriesWithTheirKeysDoubleNothing()
    {
        var admin = await Http.RegisterAsync(ApiClient.UniqueEmail("crash-admin"), displayName: "Crash Admin");
        var instructor = await Http.RegisterAsync(ApiClient.UniqueEmail("crash-teacher"), displayName: "Crash Teacher");
        using (var roles = await Http.SendAsync(HttpMethod.Put, $"/api/users/{instructor.UserId}/roles", admin.AccessToken, new { roles = new[] { "instructor" } }))
        {
            await roles.ExpectAsync(HttpStatusCode.OK);
        }
        var bootcampId = await CreatedIdAsync(await Http.SendAsync(HttpMethod.Post, "/api/bootcamps", instructor.AccessToken, ApiClient.BootcampBody(capacity: 50)), "bootcampId");
        var assignmentId = await CreatedIdAsync(await Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments", instructor.AccessToken, new
        {
            title = "Under load", description = "Survive it.", dueAt = DateTimeOffset.UtcNow.AddDays(3), maxScore = 10, allowedExtensions = Array.Empty<string>(), maxFileBytes = 1_000_000,
        }), "assignmentId");
        var emails = Enumerable.Range(0, Students).Select(i => ApiClient.UniqueEmail($"crash{i}")).ToList();
        var students = await Task.WhenAll(emails.Select((email, i) => Http.RegisterAsync(email, displayName: $"Crash Student {i}")));

        // Per student: enroll, two submissions, a grade; beside them, the instructor's announcements.
        var chains = students.Select(student => new[]
        {
            new Operation($"enroll {student.UserId}", () => Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken)),
            Keyed($"submit 1 {student.UserId}", $"/api/assignments/{assignmentId}/submissions", student, new { text = "first", fileIds = Array.Empty<string>() }),
            Keyed($"submit 2 {student.UserId}", $"/api/assignments/{assignmentId}/submissions", student, new { text = "second", fileIds = Array.Empty<string>() }),
            new Operation($"grade {student.UserId}", () => Http.SendAsync(HttpMethod.Put, $"/api/assignments/{assignmentId}/submissions/{student.UserId}/grade",
                instructor.AccessToken, new { score = 7, feedback = "solid" })),
        }).ToList();
        var titles = Enumerable.Range(0, Announcements).Select(i => $"Crash notice {i} {Guid.NewGuid():N}").ToList();
        chains.Add([.. titles.Select(title => Keyed($"announce {title}", "/api/announcements", instructor, new { title, body = "Read me.", bootcampId }))]);
        var operations = chains.SelectMany(chain => chain).ToList();

        var acknowledged = 0;
        var killAt = operations.Count / 2;
        var killed = new TaskCompletionSource();
        async Task RunChainAsync(Operation[] chain)
        {
            foreach (var operation in chain)
            {
                try
                {
                    using var response = await operation.Send();
                    operation.Answer = response.StatusCode;
                    operation.Body = await response.Content.ReadAsStringAsync();
                    if (response.IsSuccessStatusCode && Interlocked.Increment(ref acknowledged) == killAt)
                    {
                        killed.TrySetResult();
                    }
                }
                catch (Exception lost) when (lost is HttpRequestException or TaskCanceledException or IOException)
                {
                    // The process died under this request: the client does not know whether it happened.
                }
                if (operation.Answer is not { } answer || (int)answer >= 300)
                {
                    return;
                }
            }
        }
        var load = Task.WhenAll(chains.Select(RunChainAsync));
        await Task.WhenAny(killed.Task, load);
        await App.KillAsync();
        await load;
        var acknowledgedBeforeKill = operations.Count(o => o.Answer is { } a && (int)a < 300);
        Assert.InRange(acknowledgedBeforeKill, 1, operations.Count - 1);

        var restart = Stopwatch.StartNew();
        await App.StartAsync();
        var startedIn = restart.Elapsed;

        // The client's retries: everything without a 2xx, in chain order, with the same keys.
        foreach (var chain in chains)
        {
            foreach (var operation in chain.Where(o => o.Answer is not { } a || (int)a >= 300))
            {
                using var response = await operation.Send();
                Assert.True(response.IsSuccessStatusCode, $"{operation.Name} retried: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                operation.Answer = response.StatusCode;
            }
        }
        // A retry of something that was answered before the kill replays that answer.
        var answeredSubmit = operations.First(o => o.Name.StartsWith("submit", StringComparison.Ordinal) && o.Body is not null && (int)o.Answer!.Value < 300);
        using (var replay = await answeredSubmit.Send())
        {
            Assert.Equal(answeredSubmit.Body, await replay.Content.ReadAsStringAsync());
        }

        // Seats, roster and submissions: each exactly once.
        var roster = await GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}/enrollments?pageSize=100");
        var active = roster["items"]!.AsArray().Where(e => e!["status"]!.ToString() == "active").Select(e => e!["userId"]!.ToString()).ToList();
        Assert.Equal(students.Select(s => s.UserId).Order(), active.Order());
        Assert.Equal(Students, (await GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}"))["enrolledCount"]!.GetValue<int>());
        foreach (var student in students)
        {
            var summary = await GetJsonAsync(instructor, $"/api/assignments/{assignmentId}/submissions/{student.UserId}");
            Assert.Equal(2, summary["latestVersion"]!.GetValue<int>());
            Assert.Equal(7m, summary["grade"]!["score"]!.GetValue<decimal>());
        }

        // Inboxes: every acknowledged change reaches them, once, after the restart (re-published from the grains).
        var recovered = Stopwatch.StartNew();
        foreach (var student in students)
        {
            var inbox = await Eventually.Until(() => GetJsonAsync(student, "/api/notifications?pageSize=100"),
                page => Kinds(page).Contains("enrollment.confirmed") && Kinds(page).Contains("grade.published"), TimeSpan.FromSeconds(30), $"{student.UserId}'s inbox");
            Assert.Single(Kinds(inbox), kind => kind == "enrollment.confirmed");
            Assert.Single(Kinds(inbox), kind => kind == "grade.published");
        }
        var teacherInbox = await Eventually.Until(() => GetJsonAsync(instructor, "/api/notifications?pageSize=100"),
            page => titles.All(title => Titles(page).Contains(title)), TimeSpan.FromSeconds(30), "every announcement in the instructor's inbox");
        Assert.All(titles, title => Assert.Single(Titles(teacherInbox), found => found == title));
        var eventsRecoveredIn = recovered.Elapsed;

        // The enrollment emails: one each in the outbox.
        var outbox = await Eventually.Until(() => GetJsonAsync(admin, "/api/admin/email/outbox?pageSize=100"),
            page => emails.All(email => EnrollmentEmails(page, email).Any()), TimeSpan.FromSeconds(30), "every enrollment email in the outbox");
        Assert.All(emails, email => Assert.Single(EnrollmentEmails(outbox, email)));

        // Nobody is locked out: everyone can submit again, and it is their third version.
        foreach (var student in students)
        {
            using var again = await Http.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", student.AccessToken, new { text = "after the crash", fileIds = Array.Empty<string>() });
            await again.ExpectAsync(HttpStatusCode.Created);
            Assert.Equal(3, JsonNode.Parse(await again.Content.ReadAsStringAsync())!["version"]!.GetValue<int>());
        }

        output.WriteLine($"operations {operations.Count}, acknowledged before kill -9 {acknowledgedBeforeKill}, retried after {operations.Count - acknowledgedBeforeKill}; " +
            $"effects found {Students} enrollments, {Students * 2} versions, {Students} grades, {Announcements} announcements; duplicates 0; " +
            $"restart took {startedIn.TotalSeconds:0.0} s, inboxes complete {eventsRecoveredIn.TotalSeconds:0.0} s after the retries");
    }

    private Operation Keyed(string name, string path, Tokens caller, object body)
    {
        var key = Guid.NewGuid().ToString();
        return new Operation(name, () =>
        {
            var request = ApiClient.Authorized(HttpMethod.Post, path, caller.AccessToken, body);
            request.Headers.Add("Idempotency-Key", key);
            return Http.SendAsync(request);
        });
    }

    private async Task<JsonNode> GetJsonAsync(Tokens caller, string path)
    {
        using var response = await Http.SendAsync(HttpMethod.Get, path, caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<string> CreatedIdAsync(HttpResponseMessage response, string field)
    {
        using (response)
        {
            await response.ExpectAsync(HttpStatusCode.Created);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())![field]!.ToString();
        }
    }

    private static List<string> Kinds(JsonNode page) => [.. page["items"]!.AsArray().Select(n => n!["kind"]!.ToString())];

    private static List<string> Titles(JsonNode page) => [.. page["items"]!.AsArray().Select(n => n!["title"]!.ToString())];

    private static IEnumerable<JsonNode> EnrollmentEmails(JsonNode page, string email) =>
        page["items"]!.AsArray().OfType<JsonNode>().Where(e => e["template"]!.ToString() == "enrollment-confirmed" && e["to"]!.ToString() == email);
}
