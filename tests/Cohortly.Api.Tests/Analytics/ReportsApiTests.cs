using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Api.Tests.Payments;
using Cohortly.Testing;
using CsvHelper;

namespace Cohortly.Api.Tests.Analytics;

[Collection(EmbeddedAppCollection.Name)]
public sealed class ReportsApiTests(EmbeddedAppFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly BootcampClient _api = new(fixture);

    /// <summary>Ana hands the overdue assignment in late (graded 60), "=Cleo" on time (graded 90), Bo never, and chats.</summary>
    private sealed record Cohort(Tokens Instructor, string BootcampId, string Overdue, Tokens Ana, Tokens Bo, Tokens Cleo);

    private async Task<Cohort> CohortAsync()
    {
        var instructor = await _api.InstructorAsync("Rita Reports");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        // A name that a spreadsheet would run as a formula: the CSV must keep it text.
        var (ana, bo, cleo) = (await _api.StudentAsync("Ana"), await _api.StudentAsync("Bo"), await _api.StudentAsync("=Cleo"));
        foreach (var student in new[] { ana, bo, cleo })
        {
            await _api.EnrollAsync(student, bootcampId);
        }
        var overdue = await _api.CreateAssignmentAsync(instructor, bootcampId, BootcampClient.AssignmentBody(dueAt: DateTimeOffset.UtcNow.AddDays(-2)));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(instructor, HttpMethod.Put,
            $"/api/assignments/{overdue}/extensions/{cleo.UserId}", new { dueAt = DateTimeOffset.UtcNow.AddDays(1) }));
        await _api.SubmitAsync(ana, overdue);
        await _api.SubmitAsync(cleo, overdue);
        await GradeAsync(instructor, overdue, ana, 60);
        await GradeAsync(instructor, overdue, cleo, 90);
        Assert.Equal(HttpStatusCode.Created, await _api.StatusAsync(bo, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/chat", new { text = "Hello" }));
        return new Cohort(instructor, bootcampId, overdue, ana, bo, cleo);
    }

    private async Task GradeAsync(Tokens instructor, string assignmentId, Tokens student, decimal score) =>
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(instructor, HttpMethod.Put,
            $"/api/assignments/{assignmentId}/submissions/{student.UserId}/grade", new { score, feedback = "Noted." }));

    private static string Query(string metric, string groupBy, string? bootcampId, string format = "json", string? from = null, string? to = null) =>
        $"/api/analytics/reports?metric={metric}&groupBy={groupBy}&format={format}" +
        (bootcampId is null ? "" : $"&bootcampId={bootcampId}") + (from is null ? "" : $"&from={from}") + (to is null ? "" : $"&to={to}");

    private Task<JsonNode> ReportAsync(Tokens caller, string metric, string groupBy, string? bootcampId, string? from = null, string? to = null) =>
        _api.GetJsonAsync(caller, Query(metric, groupBy, bootcampId, from: from, to: to));

    private static List<List<string?>> Rows(JsonNode report) =>
        [.. report["rows"]!.AsArray().Select(row => row!.AsArray().Select(cell => cell is null ? null : ((JsonValue)cell).ToString()).ToList())];

    private async Task<HttpResponseMessage> GetAsync(Tokens caller, string path) =>
        await _api.Http.SendAsync(HttpMethod.Get, path, caller.AccessToken);

    [Fact]
    public async Task AReportOverTheWholeHistoryEqualsTheDashboardsFigures()
    {
        var cohort = await CohortAsync();
        var dashboard = await Eventually.Until(() => _api.GetJsonAsync(cohort.Instructor, $"/api/analytics/bootcamps/{cohort.BootcampId}"),
            d => d["averageScorePercent"]?.GetValue<decimal>() == 75m && d["activeStudentsByDay"]!.AsArray().Sum(x => x!["count"]!.GetValue<int>()) == 3,
            Deadline, "the dashboard to count the cohort");
        var title = (await _api.GetJsonAsync(cohort.Instructor, $"/api/bootcamps/{cohort.BootcampId}"))["title"]!.ToString();

        var missing = await ReportAsync(cohort.Instructor, "missing", "bootcamp", cohort.BootcampId);
        Assert.Equal(["bootcampId", "bootcamp", "missing"], missing["columns"]!.AsArray().Select(c => c!.ToString()));
        Assert.Equal([[cohort.BootcampId, title, dashboard["submissions"]!["missing"]!.ToString()]], Rows(missing));
        Assert.Equal("1", Rows(missing)[0][2]);

        var average = Rows(await ReportAsync(cohort.Instructor, "averageScore", "bootcamp", cohort.BootcampId));
        Assert.Equal(dashboard["averageScorePercent"]!.GetValue<decimal>(), decimal.Parse(average[0][2]!, CultureInfo.InvariantCulture));
        var completion = Rows(await ReportAsync(cohort.Instructor, "completion", "bootcamp", cohort.BootcampId));
        Assert.Equal(dashboard["completionRate"]!.GetValue<decimal>(), decimal.Parse(completion[0][2]!, CultureInfo.InvariantCulture));

        // Per assignment: on time is Cleo (inside her extension), late is Ana.
        var onTime = Rows(await ReportAsync(cohort.Instructor, "onTime", "assignment", cohort.BootcampId));
        var late = Rows(await ReportAsync(cohort.Instructor, "late", "assignment", cohort.BootcampId));
        var byAssignment = dashboard["submissionsByAssignment"]!.AsArray().Single()!;
        Assert.Equal((cohort.Overdue, byAssignment["onTime"]!.ToString(), byAssignment["late"]!.ToString()), (onTime[0][0], onTime[0][2], late[0][2]));
        Assert.Equal(("1", "1"), (onTime[0][2], late[0][2]));

        // Per day, the same days and counts as the dashboard's series.
        var enrolledByDay = Rows(await ReportAsync(cohort.Instructor, "enrollments", "day", cohort.BootcampId));
        Assert.Equal(dashboard["enrollmentsByDay"]!.AsArray().Select(d => new List<string?> { d!["date"]!.ToString(), d["count"]!.ToString() }), enrolledByDay);
        var activeByDay = Rows(await ReportAsync(cohort.Instructor, "activeStudents", "day", cohort.BootcampId));
        Assert.Equal(dashboard["activeStudentsByDay"]!.AsArray().Select(d => new List<string?> { d!["date"]!.ToString(), d["count"]!.ToString() }), activeByDay);

        // Per student, every enrolled student has a row, Bo with his missed deadline.
        var missingByStudent = Rows(await ReportAsync(cohort.Instructor, "missing", "student", cohort.BootcampId));
        Assert.Equal([[cohort.Cleo.UserId, "=Cleo", "0"], [cohort.Ana.UserId, "Ana", "0"], [cohort.Bo.UserId, "Bo", "1"]], missingByStudent);

        // A range that ends before anything happened has no rows.
        var before = Rows(await ReportAsync(cohort.Instructor, "enrollments", "month", cohort.BootcampId, from: "2020-01-01", to: "2020-12-31"));
        Assert.Empty(before);
    }

    [Fact]
    public async Task TheCsvParsesBackToTheJsonTablesNumbersAndThePdfCarriesThem()
    {
        var cohort = await CohortAsync();
        var json = await Eventually.Until(() => ReportAsync(cohort.Instructor, "averageScore", "student", cohort.BootcampId),
            r => r["rows"]!.AsArray().Count == 2, Deadline, "both grades in the report");

        using var csvResponse = await GetAsync(cohort.Instructor, Query("averageScore", "student", cohort.BootcampId, format: "csv"));
        await csvResponse.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var text = await csvResponse.Content.ReadAsStringAsync();
        using var reader = CsvReader.FromText(text, null);
        Assert.Equal(json["columns"]!.AsArray().Select(c => c!.ToString()), reader.Headers);
        var parsed = new List<List<string?>>();
        while (reader.Read())
        {
            parsed.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }
        // The formula-like name is kept as text with a leading apostrophe; every other cell is the JSON's.
        Assert.Equal(Rows(json).Select(r => r.Select(c => c == "=Cleo" ? "'=Cleo" : c).ToList()), parsed);
        Assert.Equal(["'=Cleo", "Ana"], parsed.Select(r => r[1]));
        Assert.Equal([90m, 60m], parsed.Select(r => decimal.Parse(r[2]!, CultureInfo.InvariantCulture)));

        using var pdfResponse = await GetAsync(cohort.Instructor, Query("averageScore", "student", cohort.BootcampId, format: "pdf"));
        await pdfResponse.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/pdf", pdfResponse.Content.Headers.ContentType?.MediaType);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await pdfResponse.Content.ReadAsByteArrayAsync());
        var words = pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text).ToList();
        Assert.Contains("averageScorePercent", words);
        foreach (var row in Rows(json))
        {
            Assert.Contains(row[2], words);
        }
        Assert.Contains(cohort.Ana.UserId, words);
    }

    [Fact]
    public async Task StudentsOutsidersAndOtherInstructorsAreRefusedAndRevenueIsTheAdminsAlone()
    {
        var instructor = await _api.InstructorAsync("Owner");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var student = await _api.StudentAsync("Enrolled");
        await _api.EnrollAsync(student, bootcampId);
        var otherInstructor = await _api.InstructorAsync("Someone Else");
        var mentor = await _api.UserWithRolesAsync("Mentor", "mentor");
        await _api.AssignStaffAsync(bootcampId, mentor.UserId, "mentor");
        var enrollments = Query("enrollments", "day", bootcampId);

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Get, enrollments));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Get, Query("enrollments", "day", null)));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(otherInstructor, HttpMethod.Get, enrollments));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(otherInstructor, HttpMethod.Get, Query("enrollments", "day", bootcampId, format: "csv")));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(instructor, HttpMethod.Get, enrollments));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(mentor, HttpMethod.Get, enrollments));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, enrollments));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, Query("enrollments", "day", "no-such-bootcamp")));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructor, HttpMethod.Get, Query("revenue", "bootcamp", bootcampId)));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructor, HttpMethod.Get, Query("revenue", "month", null)));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, Query("revenue", "bootcamp", bootcampId)));

        // Without a bootcamp, an instructor's report covers their own bootcamps only.
        var second = await _api.CreateBootcampAsync(instructor);
        await _api.CreateBootcampAsync(otherInstructor);
        List<string?> expected = [.. new[] { bootcampId, second }.Order(StringComparer.Ordinal)];
        // The instructor's list of bootcamps learns of a new one shortly after it is made.
        var mine = await Eventually.Until(async () => Rows(await ReportAsync(instructor, "enrollments", "bootcamp", null)).Select(r => r[0]).Order(StringComparer.Ordinal).ToList(),
            ids => ids.SequenceEqual(expected), Deadline, "both of the instructor's bootcamps in the report");
        Assert.Equal(expected, mine);
    }

    [Fact]
    public async Task AReportThatMeansNothingIsRefusedSayingWhy()
    {
        var instructor = await _api.InstructorAsync("Asker");
        var bootcampId = await _api.CreateBootcampAsync(instructor);

        async Task<IReadOnlyList<string>> ProblemAsync(Tokens caller, string path, string field)
        {
            using var response = await GetAsync(caller, path);
            return (await response.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors(field);
        }

        Assert.Contains("per bootcamp", Assert.Single(await ProblemAsync(fixture.Admin, Query("revenue", "assignment", bootcampId), "groupBy")), StringComparison.Ordinal);
        Assert.Contains("by bootcamp", Assert.Single(await ProblemAsync(instructor, Query("completion", "day", bootcampId), "groupBy")), StringComparison.Ordinal);
        Assert.Single(await ProblemAsync(instructor, Query("enrollments", "student", bootcampId), "groupBy"));
        Assert.Single(await ProblemAsync(instructor, Query("grades", "day", bootcampId), "metric"));
        Assert.Single(await ProblemAsync(instructor, Query("late", "year", bootcampId), "groupBy"));
        Assert.Single(await ProblemAsync(instructor, Query("late", "day", bootcampId, format: "xlsx"), "format"));
        Assert.Single(await ProblemAsync(instructor, Query("late", "day", bootcampId, from: "1 May"), "from"));
        Assert.Single(await ProblemAsync(instructor, Query("late", "day", bootcampId, from: "2026-05-02", to: "2026-05-01"), "to"));
    }

    [Fact]
    public async Task RevenuePerBootcampHasGrossDiscountsRefundsAndNetPerCurrency()
    {
        var pay = new PaymentClient(fixture);
        var bootcampId = await pay.PaidBootcampAsync(priceMinor: 40_000);
        var paid = new List<string>();
        foreach (var name in new[] { "Payer One", "Payer Two" })
        {
            var student = await _api.StudentAsync(name);
            var paymentId = (await pay.CheckedOutAsync(student, bootcampId))["paymentId"]!.ToString();
            await pay.PayAsync(student, paymentId, PaymentClient.GoodCard);
            Assert.Equal("succeeded", (await pay.SettledAsync(student, paymentId))["status"]!.ToString());
            paid.Add(paymentId);
        }
        using (var refund = await _api.Http.SendAsync(HttpMethod.Post, $"/api/payments/{paid[0]}/refunds", fixture.Admin.AccessToken,
            new { reason = "Partial goodwill refund", amountMinor = 10_000 }))
        {
            await refund.ExpectAsync(HttpStatusCode.Created);
        }
        var title = (await _api.GetJsonAsync(fixture.Admin, $"/api/bootcamps/{bootcampId}"))["title"]!.ToString();

        var report = await Eventually.Until(() => ReportAsync(fixture.Admin, "revenue", "bootcamp", bootcampId),
            r => Rows(r) is [[_, _, _, _, _, "10000", _]], Deadline, "the payments and the refund in the revenue report");

        Assert.Equal(["bootcampId", "bootcamp", "currency", "grossMinor", "discountsMinor", "refundsMinor", "netMinor"],
            report["columns"]!.AsArray().Select(c => c!.ToString()));
        Assert.Equal([[bootcampId, title, "USD", "80000", "0", "10000", "70000"]], Rows(report));
        // Across the platform, the admin's report has this bootcamp's row among the others.
        var platform = Rows(await ReportAsync(fixture.Admin, "revenue", "bootcamp", null));
        Assert.Contains(new List<string?> { bootcampId, title, "USD", "80000", "0", "10000", "70000" }, platform);
    }

    [Fact]
    public async Task ASavedReportIsItsOwnersAloneAndItsWeeklyEmailCarriesTheTableAndTheCsvOnceAWeek()
    {
        var cohort = await CohortAsync();
        var email = (await _api.GetJsonAsync(cohort.Instructor, "/api/me"))["email"]!.ToString();
        var body = new { name = "Who is missing", metric = "missing", groupBy = "student", bootcampId = cohort.BootcampId };

        using var created = await _api.Http.SendAsync(HttpMethod.Post, "/api/analytics/reports/saved", cohort.Instructor.AccessToken, body);
        await created.ExpectAsync(HttpStatusCode.Created);
        var reportId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["reportId"]!.ToString();
        var listed = Assert.Single((await _api.GetJsonAsync(cohort.Instructor, "/api/analytics/reports/saved")).AsArray())!;
        Assert.Equal(("Who is missing", "missing", "student", cohort.BootcampId), (listed["name"]!.ToString(), listed["metric"]!.ToString(),
            listed["groupBy"]!.ToString(), listed["bootcampId"]!.ToString()));

        // Someone else sees none of it and cannot remove it; a student cannot save a report of the bootcamp; nonsense is a 400.
        var other = await _api.InstructorAsync("Other Owner");
        Assert.Empty((await _api.GetJsonAsync(other, "/api/analytics/reports/saved")).AsArray());
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(other, HttpMethod.Delete, $"/api/analytics/reports/saved/{reportId}"));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(other, HttpMethod.Post, $"/api/analytics/reports/saved/{reportId}/send"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(cohort.Ana, HttpMethod.Post, "/api/analytics/reports/saved", body));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(other, HttpMethod.Post, "/api/analytics/reports/saved", body));
        using (var nonsense = await _api.Http.SendAsync(HttpMethod.Post, "/api/analytics/reports/saved", cohort.Instructor.AccessToken,
            new { name = "Completion per day", metric = "completion", groupBy = "day" }))
        {
            Assert.Single((await nonsense.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("groupBy"));
        }

        // This week's email, asked for twice: the outbox keys it by report and week, so it arrives once.
        Assert.Equal(HttpStatusCode.Accepted, await _api.StatusAsync(cohort.Instructor, HttpMethod.Post, $"/api/analytics/reports/saved/{reportId}/send"));
        Assert.Equal(HttpStatusCode.Accepted, await _api.StatusAsync(cohort.Instructor, HttpMethod.Post, $"/api/analytics/reports/saved/{reportId}/send"));
        var pay = new PaymentClient(fixture);
        bool IsReport(JsonNode m) => m["to"]!.ToString() == email && m["subject"]!.ToString().StartsWith("Your report \"Who is missing\"", StringComparison.Ordinal);
        var mails = await Eventually.Until(async () => (await pay.MailboxAsync()).Where(IsReport).ToList(),
            found => found.Count > 0, Deadline, "the saved report's email");
        var mail = Assert.Single(mails);
        Assert.Contains($"{cohort.Bo.UserId}, Bo, 1", mail["text"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{cohort.Ana.UserId}, Ana, 0", mail["text"]!.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"^report-\d{4}-W\d{2}\.csv$", Assert.Single(mail["attachments"]!.AsArray())!.ToString());

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(cohort.Instructor, HttpMethod.Delete, $"/api/analytics/reports/saved/{reportId}"));
        Assert.Empty((await _api.GetJsonAsync(cohort.Instructor, "/api/analytics/reports/saved")).AsArray());
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(cohort.Instructor, HttpMethod.Delete, $"/api/analytics/reports/saved/{reportId}"));
        Assert.Single(await pay.MailboxAsync(), IsReport);
    }
}
