using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Cohortly.Testing;

/// <summary>
/// The load of the crash tests (embedded and cluster): per student an enrollment, two submissions and a grade, beside
/// the instructor's announcements, run concurrently while something is killed. Afterwards every request that got no 2xx
/// is sent again unchanged (the same Idempotency-Key), and every effect is checked to be there exactly once.
/// </summary>
public sealed class CrashDriver
{
    public const int Students = 12;
    public const int Announcements = 6;

    private readonly HttpClient _http;
    private readonly Tokens _admin;
    private readonly Tokens _instructor;
    private readonly string _bootcampId;
    private readonly string _assignmentId;
    private readonly IReadOnlyList<string> _emails;
    private readonly IReadOnlyList<Tokens> _students;
    private readonly IReadOnlyList<string> _titles;
    private readonly List<Operation[]> _chains;

    private CrashDriver(HttpClient http, Tokens admin, Tokens instructor, string bootcampId, string assignmentId, IReadOnlyList<string> emails, IReadOnlyList<Tokens> students)
    {
        (_http, _admin, _instructor, _bootcampId, _assignmentId, _emails, _students) = (http, admin, instructor, bootcampId, assignmentId, emails, students);
        _chains = [.. students.Select(student => new[]
        {
            new Operation($"enroll {student.UserId}", Keyed: false, () => http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken)),
            Keyed($"submit 1 {student.UserId}", $"/api/assignments/{assignmentId}/submissions", student, new { text = "first", fileIds = Array.Empty<string>() }),
            Keyed($"submit 2 {student.UserId}", $"/api/assignments/{assignmentId}/submissions", student, new { text = "second", fileIds = Array.Empty<string>() }),
            new Operation($"grade {student.UserId}", Keyed: false, () => http.SendAsync(HttpMethod.Put, $"/api/assignments/{assignmentId}/submissions/{student.UserId}/grade",
                instructor.AccessToken, new { score = 7, feedback = "solid" })),
        })];
        _titles = [.. Enumerable.Range(0, Announcements).Select(i => $"Crash notice {i} {Guid.NewGuid():N}")];
        _chains.Add([.. _titles.Select(title => Keyed($"announce {title}", "/api/announcements", instructor, new { title, body = "Read me.", bootcampId }))]);
    }

    public IReadOnlyList<Operation> Operations => [.. _chains.SelectMany(chain => chain)];

    public int Acknowledged => Operations.Count(o => o.Succeeded);

    /// <summary>Operations sent while or after the crash happened: more than none says it hit the load, not its end.</summary>
    public int SentAfterCrash => Operations.Count(o => o.SentAfterCrash);

    /// <summary>One request of the load: sent again unchanged (same Idempotency-Key) when the first try got no 2xx.</summary>
    public sealed record Operation(string Name, bool Keyed, Func<Task<HttpResponseMessage>> Send)
    {
        public bool SentAfterCrash { get; set; }

        public HttpStatusCode? Answer { get; set; }

        public string? Body { get; set; }

        public bool Succeeded => Answer is { } answer && (int)answer < 300;
    }

    /// <summary>An admin, an instructor with a bootcamp and an assignment, and the students (not yet enrolled).</summary>
    public static async Task<CrashDriver> PrepareAsync(HttpClient http)
    {
        var admin = await http.RegisterAsync(ApiClient.UniqueEmail("crash-admin"), displayName: "Crash Admin");
        var instructor = await http.RegisterAsync(ApiClient.UniqueEmail("crash-teacher"), displayName: "Crash Teacher");
        using (var roles = await http.SendAsync(HttpMethod.Put, $"/api/users/{instructor.UserId}/roles", admin.AccessToken, new { roles = new[] { "instructor" } }))
        {
            await roles.ExpectAsync(HttpStatusCode.OK);
        }
        var bootcampId = await CreatedIdAsync(await http.SendAsync(HttpMethod.Post, "/api/bootcamps", instructor.AccessToken, ApiClient.BootcampBody(capacity: 50)), "bootcampId");
        var assignmentId = await CreatedIdAsync(await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments", instructor.AccessToken, new
        {
            title = "Under load", description = "Survive it.", dueAt = DateTimeOffset.UtcNow.AddDays(3), maxScore = 10, allowedExtensions = Array.Empty<string>(), maxFileBytes = 1_000_000,
        }), "assignmentId");
        var emails = Enumerable.Range(0, Students).Select(i => ApiClient.UniqueEmail($"crash{i}")).ToList();
        var students = await Task.WhenAll(emails.Select((email, i) => http.RegisterAsync(email, displayName: $"Crash Student {i}")));
        return new CrashDriver(http, admin, instructor, bootcampId, assignmentId, emails, students);
    }

    /// <summary>
    /// Runs the load and calls <paramref name="crash"/> once half the operations have been acknowledged; each chain stops
    /// at its first request without a 2xx (the client gave up), which the retries then send again. Returns when the load
    /// and the crash have both finished.
    /// </summary>
    public async Task RunAsync(Func<Task> crash)
    {
        var acknowledged = 0;
        var killAt = Operations.Count / 2;
        var killed = new TaskCompletionSource();
        var crashing = false;
        async Task RunChainAsync(Operation[] chain)
        {
            foreach (var operation in chain)
            {
                operation.SentAfterCrash = Volatile.Read(ref crashing);
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
                if (!operation.Succeeded)
                {
                    return;
                }
            }
        }
        var load = Task.WhenAll(_chains.Select(RunChainAsync));
        await Task.WhenAny(killed.Task, load);
        Volatile.Write(ref crashing, true);
        await crash();
        await load;
    }

    /// <summary>
    /// The client's retries: everything without a 2xx, in chain order, with the same keys. A client follows Retry-After
    /// on 503 (the cluster still recovering) and on 409 <c>idempotency-key-in-use</c> (the first try still running), so
    /// those are tried again until <paramref name="patience"/> runs out; any other answer than 2xx fails the test.
    /// </summary>
    public async Task RetryUnansweredAsync(TimeSpan patience)
    {
        foreach (var chain in _chains)
        {
            foreach (var operation in chain.Where(o => !o.Succeeded))
            {
                var deadline = DateTime.UtcNow + patience;
                while (true)
                {
                    using var response = await operation.Send();
                    operation.Answer = response.StatusCode;
                    operation.Body = await response.Content.ReadAsStringAsync();
                    var wait = response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict && response.Headers.RetryAfter?.Delta is { } delta ? delta : (TimeSpan?)null;
                    if (response.IsSuccessStatusCode || wait is null || DateTime.UtcNow + wait > deadline)
                    {
                        Assert.True(response.IsSuccessStatusCode, $"{operation.Name} retried: {(int)response.StatusCode} {operation.Body}");
                        break;
                    }
                    await Task.Delay(wait.Value);
                }
            }
        }
    }

    /// <summary>
    /// Every effect exactly once: the roster, the seat count, two versions and a grade per student; each student's
    /// enrollment and grade notifications and every announcement in the inboxes; one enrollment email each; and every
    /// student can still submit. Returns how long the inboxes took to be complete.
    /// </summary>
    public async Task<TimeSpan> VerifyAsync(TimeSpan eventsWithin)
    {
        // A client that never saw an answer sends the request again: every keyed create replays its first answer.
        foreach (var keyed in Operations.Where(o => o.Keyed))
        {
            using var replay = await keyed.Send();
            Assert.Equal(keyed.Body, await replay.Content.ReadAsStringAsync());
        }

        var roster = await GetJsonAsync(_instructor, $"/api/bootcamps/{_bootcampId}/enrollments?pageSize=100");
        var active = roster["items"]!.AsArray().Where(e => e!["status"]!.ToString() == "active").Select(e => e!["userId"]!.ToString()).ToList();
        Assert.Equal(_students.Select(s => s.UserId).Order(), active.Order());
        Assert.Equal(Students, (await GetJsonAsync(_instructor, $"/api/bootcamps/{_bootcampId}"))["enrolledCount"]!.GetValue<int>());
        foreach (var student in _students)
        {
            var summary = await GetJsonAsync(_instructor, $"/api/assignments/{_assignmentId}/submissions/{student.UserId}");
            Assert.Equal(2, summary["latestVersion"]!.GetValue<int>());
            Assert.Equal(7m, summary["grade"]!["score"]!.GetValue<decimal>());
        }

        // Inboxes: every acknowledged change reaches them, once (re-published from the grains that stored it).
        var recovered = Stopwatch.StartNew();
        foreach (var student in _students)
        {
            var inbox = await Eventually.Until(() => GetJsonAsync(student, "/api/notifications?pageSize=100"),
                page => Kinds(page).Contains("enrollment.confirmed") && Kinds(page).Contains("grade.published"), eventsWithin, $"{student.UserId}'s inbox");
            Assert.Single(Kinds(inbox), kind => kind == "enrollment.confirmed");
            Assert.Single(Kinds(inbox), kind => kind == "grade.published");
        }
        var teacherInbox = await Eventually.Until(() => GetJsonAsync(_instructor, "/api/notifications?pageSize=100"),
            page => _titles.All(title => Titles(page).Contains(title)), eventsWithin,
            $"every announcement in the instructor's inbox ({string.Join(", ", _titles.Select(t => $"{t}: {Operations.Single(o => o.Name == "announce " + t).Answer}"))})");
        Assert.All(_titles, title => Assert.Single(Titles(teacherInbox), found => found == title));
        var inboxesComplete = recovered.Elapsed;

        var outbox = await Eventually.Until(() => GetJsonAsync(_admin, "/api/admin/email/outbox?pageSize=100"),
            page => _emails.All(email => EnrollmentEmails(page, email).Any()), eventsWithin, "every enrollment email in the outbox");
        Assert.All(_emails, email => Assert.Single(EnrollmentEmails(outbox, email)));

        // Nobody is locked out: everyone can submit again, and it is their third version.
        foreach (var student in _students)
        {
            using var again = await _http.SendAsync(HttpMethod.Post, $"/api/assignments/{_assignmentId}/submissions", student.AccessToken, new { text = "after the crash", fileIds = Array.Empty<string>() });
            await again.ExpectAsync(HttpStatusCode.Created);
            Assert.Equal(3, JsonNode.Parse(await again.Content.ReadAsStringAsync())!["version"]!.GetValue<int>());
        }
        return inboxesComplete;
    }

    /// <summary>The figures benchmarks/README.md reports for a run.</summary>
    public string Effects(int acknowledgedBeforeRetries) =>
        $"operations {Operations.Count}, acknowledged {acknowledgedBeforeRetries}, retried with their keys {Operations.Count - acknowledgedBeforeRetries}; " +
        $"effects found {Students} enrollments, {Students * 2} versions, {Students} grades, {Announcements} announcements, {Students} enrollment emails; duplicates 0";

    private Operation Keyed(string name, string path, Tokens caller, object body)
    {
        var key = Guid.NewGuid().ToString();
        return new Operation(name, Keyed: true, () =>
        {
            var request = ApiClient.Authorized(HttpMethod.Post, path, caller.AccessToken, body);
            request.Headers.Add("Idempotency-Key", key);
            return _http.SendAsync(request);
        });
    }

    private async Task<JsonNode> GetJsonAsync(Tokens caller, string path)
    {
        using var response = await _http.SendAsync(HttpMethod.Get, path, caller.AccessToken);
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
