using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>
/// Every route of the web app's route table (the <c>route-table.json</c> its build writes from routes.tsx), opened by a
/// person allowed to see it with real ids, on a phone (390 × 844) and a laptop (1366 × 900): nothing scrolls sideways,
/// the header stays short (one row on the laptop), nothing is logged as an error, and axe finds nothing serious.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutPassTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private static readonly ViewportSize Laptop = new() { Width = 1366, Height = 900 };

    /// <summary>The issue's limit for a phone's header; on a laptop one row of the header is the same height.</summary>
    private const double MaxHeaderHeight = 64.5;

    [Fact]
    public Task EveryRouteFitsAPhoneAndALaptopWithAShortHeaderAndNoSeriousAccessibilityProblems() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await Cast.RegisterAsync(http, "Ines Instructor-With-A-Rather-Long-Name", "Stu Student");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId",
            ApiClient.BootcampBody("Machine learning engineering for production systems", tags: ["machine-learning", "python"], skills: ["pandas"]));
        var (mentorEmail, _) = await Classroom.MentorAsync(http, cast.Admin, bootcampId, "Meg Mentor");
        var assignmentId = await Classroom.CreateAsync(http, cast.Instructor, $"/api/bootcamps/{bootcampId}/assignments", "assignmentId", new
        {
            title = "A model that survives contact with real traffic",
            description = "Serve it: https://example.com/a-very-long-link-that-should-wrap-instead-of-stretching-the-page",
            dueAt = DateTimeOffset.UtcNow.AddDays(5),
            maxScore = 100,
            allowedExtensions = new[] { ".pdf", ".ipynb" },
            maxFileBytes = 20_000_000,
        });
        await Classroom.EnrollAsync(http, bootcampId, cast.Student);
        var paidBootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Paid course", priceMinor: 49_900));
        var paymentId = await Classroom.CreateAsync(http, cast.Student, $"/api/bootcamps/{paidBootcampId}/checkout", "paymentId", new { plan = "full" });
        var subscriptionId = await Classroom.CreateAsync(http, cast.Student, "/api/subscriptions", "subscriptionId", new { plan = "monthly" });
        using var scheduled = await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/sessions", cast.Instructor.AccessToken,
            new { title = "Live review", startsAt = DateTimeOffset.UtcNow.AddMinutes(5), durationMinutes = 60, timeZone = "Europe/Berlin" });
        await scheduled.ExpectAsync(HttpStatusCode.Created);
        var sessionId = JsonNode.Parse(await scheduled.Content.ReadAsStringAsync())!["sessionIds"]![0]!.GetValue<string>();
        var certificateId = await Classroom.CreateAsync(http, cast.Instructor, $"/api/bootcamps/{bootcampId}/certificates", "certificateId",
            new { studentId = cast.Student.UserId });

        var people = new Dictionary<string, (string Email, string Label)?>
        {
            ["visitor"] = null,
            ["student"] = (cast.StudentEmail, "student"),
            ["instructor"] = (cast.InstructorEmail, "instructor"),
            ["mentor"] = (mentorEmail, "mentor"),
            ["admin"] = (cast.AdminEmail, "admin"),
        };
        var visits = PlanVisits(await RouteTableAsync(http), new Dictionary<string, string>
        {
            ["bootcampId"] = bootcampId,
            ["assignmentId"] = assignmentId,
            ["paymentId"] = paymentId,
            ["subscriptionId"] = subscriptionId,
            ["certificateId"] = certificateId,
            ["sessionId"] = sessionId,
        });
        var problems = new List<string>();

        foreach (var viewport in new[] { Phone, Laptop })
        {
            foreach (var group in visits.GroupBy(visit => visit.Who))
            {
                var page = await fixture.NewPageAsync(viewport);
                var missingAvatars = new List<string>();
                page.Response += (_, response) =>
                {
                    if (response.Status == 404 && response.Url.Contains("/avatar", StringComparison.Ordinal))
                    {
                        missingAvatars.Add(response.Url);
                    }
                };
                if (people[group.Key] is { } person)
                {
                    await AccountJourneyTests.LogInAsync(page, person.Email, AccountJourneyTests.Password);
                }
                foreach (var visit in group)
                {
                    var where = $"{viewport.Width}x{viewport.Height} {visit.Who} {visit.Path}";
                    await page.GotoAsync(visit.Path);
                    await PageChecks.WaitUntilLoadedAsync(page);
                    problems.AddRange((await PageChecks.OverflowAsync(page)).Select(offender => $"{where}: wider than the screen at {offender}"));
                    problems.AddRange(await HeaderProblemsAsync(page, viewport == Phone, where));
                    problems.AddRange(await AxeProblemsAsync(page, where));
                }
                problems.AddRange(missingAvatars.Distinct().Select(url => $"{viewport.Width}px {group.Key}: asked for an avatar that is not there ({url})"));
            }
        }

        Assert.True(problems.Count == 0, "Layout pass:\n" + string.Join("\n", problems));
        Assert.Empty(fixture.ConsoleErrors);
    });

    /// <summary>Who opens each route: the person the page is for. A new route with parameters must be given here.</summary>
    private static List<(string Who, string Path)> PlanVisits(IReadOnlyList<string> routes, Dictionary<string, string> ids)
    {
        var who = new Dictionary<string, string[]>
        {
            ["/"] = ["visitor", "admin"],
            ["/bootcamps"] = ["visitor"],
            ["/bootcamps/new"] = ["instructor"],
            ["/bootcamps/:bootcampId"] = ["visitor", "student", "instructor", "mentor", "admin"],
            ["/me/bootcamps"] = ["student"],
            ["/assignments/:assignmentId"] = ["student", "instructor"],
            ["/notifications"] = ["mentor"],
            ["/me/files"] = ["student"],
            ["/account"] = ["student"],
            ["/login"] = ["visitor"],
            ["/register"] = ["visitor"],
            ["/forgot-password"] = ["visitor"],
            ["/reset-password"] = ["visitor"],
            ["/settings/email"] = ["student"],
            ["/me/payments"] = ["student"],
            ["/pay/:paymentId"] = ["student"],
            ["/subscription"] = ["student"],
            ["/pay/subscriptions/:subscriptionId"] = ["student"],
            ["/billing/portal"] = ["student"],
            ["/me/certificates"] = ["student"],
            ["/verify/:certificateId"] = ["visitor"],
            ["/reports"] = ["instructor", "admin"],
            ["/sessions/:sessionId"] = ["student", "instructor"],
        };
        var visits = new List<(string Who, string Path)>();
        foreach (var route in routes)
        {
            var path = string.Join('/', route.Split('/').Select(segment => segment.StartsWith(':')
                ? ids.TryGetValue(segment[1..], out var id) ? id : throw new InvalidOperationException($"The layout pass has no id for {segment} in {route}: add one.")
                : segment));
            // Admin pages, and any new page without parameters, are opened by the admin, who may see the most.
            foreach (var person in who.GetValueOrDefault(route, ["admin"]))
            {
                visits.Add((person, path));
            }
        }
        return visits;
    }

    private static async Task<IReadOnlyList<string>> RouteTableAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/route-table.json");
        await response.ExpectAsync(HttpStatusCode.OK);
        var paths = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains("/bootcamps/:bootcampId", paths);
        return paths;
    }

    private static async Task<IEnumerable<string>> HeaderProblemsAsync(IPage page, bool phone, string where)
    {
        var header = await page.EvaluateAsync<double[]>(
            """
            () => {
              const header = document.querySelector('.site-header').getBoundingClientRect();
              const brand = document.querySelector('.brand').getBoundingClientRect();
              const links = [...document.querySelectorAll('.site-header .nav-link, .site-header .user-menu')]
                .map((el) => el.getBoundingClientRect()).filter((r) => r.height > 0);
              const lowest = Math.max(brand.bottom, ...links.map((r) => r.bottom));
              return [header.height, lowest - brand.top];
            }
            """);
        var problems = new List<string>();
        if (header[0] > MaxHeaderHeight)
        {
            problems.Add($"{where}: the header is {header[0]:0} px tall (at most {MaxHeaderHeight:0})");
        }
        if (!phone && header[1] > 48)
        {
            problems.Add($"{where}: the header's links do not fit one row ({header[1]:0} px from the brand's top to the lowest link)");
        }
        return problems;
    }

    private static async Task<IEnumerable<string>> AxeProblemsAsync(IPage page, string where)
    {
        var result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{where}: axe {v.Impact} {v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}");
    }
}
