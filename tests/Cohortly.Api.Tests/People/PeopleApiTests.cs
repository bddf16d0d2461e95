using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.People;

/// <summary>Staffing a bootcamp by searching people, taking staff off it, and what members see of its mentors.</summary>
[Collection(EmbeddedAppCollection.Name)]
public sealed class PeopleApiTests(EmbeddedAppFixture fixture)
{
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task AnAdminFindsPeopleByAnyPartOfTheirNameOrEmailIgnoringCase()
    {
        var marker = "zq" + Guid.NewGuid().ToString("N")[..8];
        var byName = await _api.StudentAsync($"Katherine {marker} Johnson");
        var byEmail = await fixture.Http.RegisterAsync($"{marker}.orbit@example.com", displayName: "Dorothy Vaughan");
        await _api.StudentAsync("Someone Else");

        var found = await SearchAsync(marker.ToUpperInvariant());
        Assert.Equal(2, found["total"]!.GetValue<int>());
        Assert.Equal(["Dorothy Vaughan", $"Katherine {marker} Johnson"], Items(found).Select(u => u["displayName"]!.ToString()));
        var katherine = Items(found).Single(u => u["userId"]!.ToString() == byName.UserId);
        Assert.Equal(["student"], katherine["roles"]!.AsArray().Select(r => r!.ToString()));
        Assert.Contains(Items(found), u => u["userId"]!.ToString() == byEmail.UserId && u["email"]!.ToString() == $"{marker}.orbit@example.com");

        // Every word must match, in the name or the email.
        Assert.Equal([byEmail.UserId], Items(await SearchAsync($"{marker} dorothy")).Select(u => u["userId"]!.ToString()));
        Assert.Equal(0, (await SearchAsync($"{marker} nobody-at-all"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task UserSearchPagesInNameOrderAndShowsRoleChanges()
    {
        var marker = "pg" + Guid.NewGuid().ToString("N")[..8];
        var names = Enumerable.Range(0, 5).Select(i => $"{(char)('E' - i)}{marker}").ToList();
        var users = new List<Tokens>();
        foreach (var name in names)
        {
            users.Add(await _api.StudentAsync(name));
        }

        var first = await SearchAsync(marker, "&page=1&pageSize=2");
        var third = await SearchAsync(marker, "&page=3&pageSize=2");
        Assert.Equal(5, first["total"]!.GetValue<int>());
        Assert.Equal([$"A{marker}", $"B{marker}"], Items(first).Select(u => u["displayName"]!.ToString()));
        Assert.Equal([$"E{marker}"], Items(third).Select(u => u["displayName"]!.ToString()));
        Assert.Empty(Items(await SearchAsync(marker, "&page=4&pageSize=2")));

        using (var promote = await fixture.Http.SendAsync(HttpMethod.Put, $"/api/users/{users[4].UserId}/roles", fixture.Admin.AccessToken, new { roles = new[] { "mentor" } }))
        {
            await promote.ExpectAsync(HttpStatusCode.OK);
        }
        var promoted = Items(await SearchAsync($"A{marker}")).Single();
        Assert.Equal(["mentor"], promoted["roles"]!.AsArray().Select(r => r!.ToString()));
    }

    [Fact]
    public async Task OnlyAdminsSearchUsersAndSillyQueriesAreFieldErrors()
    {
        var student = await _api.StudentAsync();
        var instructor = await _api.InstructorAsync();

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Get, "/api/users?q=a"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructor, HttpMethod.Get, "/api/users?q=a"));
        using (var anonymous = await fixture.Http.GetAsync("/api/users?q=a"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using var tooLong = await fixture.Http.SendAsync(HttpMethod.Get, $"/api/users?q={new string('x', 201)}", fixture.Admin.AccessToken);
        Assert.NotEmpty((await tooLong.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("q"));
        using var badPage = await fixture.Http.SendAsync(HttpMethod.Get, "/api/users?q=a&pageSize=1000", fixture.Admin.AccessToken);
        Assert.NotEmpty((await badPage.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("pageSize"));
    }

    [Fact]
    public async Task ARemovedInstructorLosesTheBootcampAtOnce()
    {
        var instructor = await _api.InstructorAsync("Removed Instructor");
        var stays = await _api.InstructorAsync("Staying Instructor");
        var bootcampId = await _api.CreateBootcampAsync(stays);
        await _api.AssignStaffAsync(bootcampId, instructor.UserId, "instructor");
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(instructor, HttpMethod.Get, $"/api/bootcamps/{bootcampId}/enrollments"));

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(fixture.Admin, HttpMethod.Delete, $"/api/bootcamps/{bootcampId}/staff/{instructor.UserId}"));

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructor, HttpMethod.Get, $"/api/bootcamps/{bootcampId}/enrollments"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructor, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments", BootcampClient.AssignmentBody()));
        var bootcamp = await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}");
        Assert.Equal([stays.UserId], bootcamp["staff"]!.AsArray().Select(s => s!["userId"]!.ToString()));
        var mine = await _api.GetJsonAsync(instructor, "/api/me/bootcamps");
        Assert.DoesNotContain(mine["items"]!.AsArray(), b => b!["bootcampId"]!.ToString() == bootcampId);
    }

    [Fact]
    public async Task OnlyAdminsRemoveStaffAndOnlyStaffCanBeRemoved()
    {
        var instructor = await _api.InstructorAsync();
        var mentor = await _api.UserWithRolesAsync("Mentor", "mentor");
        var student = await _api.StudentAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        await _api.AssignStaffAsync(bootcampId, mentor.UserId, "mentor");

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(instructor, HttpMethod.Delete, $"/api/bootcamps/{bootcampId}/staff/{mentor.UserId}"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(mentor, HttpMethod.Delete, $"/api/bootcamps/{bootcampId}/staff/{instructor.UserId}"));
        using (var notStaff = await fixture.Http.SendAsync(HttpMethod.Delete, $"/api/bootcamps/{bootcampId}/staff/{student.UserId}", fixture.Admin.AccessToken))
        {
            var problem = await notStaff.ProblemAsync(HttpStatusCode.NotFound);
            Assert.Contains("staff", problem["detail"]?.ToString() ?? problem["title"]!.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(fixture.Admin, HttpMethod.Delete, $"/api/bootcamps/no-such-bootcamp/staff/{mentor.UserId}"));

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(fixture.Admin, HttpMethod.Delete, $"/api/bootcamps/{bootcampId}/staff/{mentor.UserId}"));
        // Removing twice says so instead of pretending.
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(fixture.Admin, HttpMethod.Delete, $"/api/bootcamps/{bootcampId}/staff/{mentor.UserId}"));
        Assert.Empty(await PresenceAsync(instructor, bootcampId));
    }

    [Fact]
    public async Task MembersSeeTheMentorsAvailabilityAndOutsidersDoNot()
    {
        var instructor = await _api.InstructorAsync();
        var mentor = await _api.UserWithRolesAsync("Margaret Mentor", "mentor");
        var idle = await _api.UserWithRolesAsync("Idle Mentor", "mentor");
        var student = await _api.StudentAsync();
        var outsider = await _api.StudentAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        await _api.AssignStaffAsync(bootcampId, mentor.UserId, "mentor");
        await _api.AssignStaffAsync(bootcampId, idle.UserId, "mentor");
        await _api.EnrollAsync(student, bootcampId);
        var until = DateTimeOffset.UtcNow.AddHours(3);
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(mentor, HttpMethod.Put, "/api/mentors/me/availability", new { available = true, until }));

        var seen = await PresenceAsync(student, bootcampId);
        Assert.Equal(["Idle Mentor", "Margaret Mentor"], seen.Select(m => m!["displayName"]!.ToString()));
        Assert.False(seen[0]!["available"]!.GetValue<bool>());
        Assert.True(seen[1]!["available"]!.GetValue<bool>());
        Assert.Equal(until.ToUnixTimeSeconds(), seen[1]!["until"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());
        Assert.Equal(2, (await PresenceAsync(fixture.Admin, bootcampId)).Count);

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(outsider, HttpMethod.Get, $"/api/bootcamps/{bootcampId}/mentors/presence"));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(student, HttpMethod.Get, "/api/bootcamps/no-such-bootcamp/mentors/presence"));
    }

    [Fact]
    public async Task AMentorReadsTheirOwnSwitchAndAnEndThatPassedReadsAsUnavailable()
    {
        var mentor = await _api.UserWithRolesAsync("Mentor", "mentor");
        var student = await _api.StudentAsync();
        Assert.False((await _api.GetJsonAsync(mentor, "/api/mentors/me/availability"))["available"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Get, "/api/mentors/me/availability"));

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(mentor, HttpMethod.Put, "/api/mentors/me/availability",
            new { available = true, until = DateTimeOffset.UtcNow.AddSeconds(3) }));
        var now = await _api.GetJsonAsync(mentor, "/api/mentors/me/availability");
        Assert.True(now["available"]!.GetValue<bool>());
        Assert.NotNull(now["until"]);

        var later = await Eventually.Until(() => _api.GetJsonAsync(mentor, "/api/mentors/me/availability"),
            state => !state["available"]!.GetValue<bool>(), TimeSpan.FromSeconds(15), "the availability to end");
        Assert.Null(later["until"]);
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/bootcamps/abc/nothing")]
    [InlineData("/admin/nowhere")]
    public async Task AnUnknownWebPathAnswers404WithTheAppsNotFoundPage(string path)
    {
        using var response = await fixture.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"app\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/bootcamps/some-id")]
    [InlineData("/admin/users")]
    [InlineData("/reset-password")]
    public async Task KnownWebPathsStillAnswerTheApp(string path)
    {
        using var response = await fixture.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnUnknownApiPathIsAProblemNotThePage()
    {
        using var response = await fixture.Http.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheApiReferenceAndTheDashboardLinkBackToTheApp()
    {
        using var reference = await fixture.Http.GetAsync("/api-reference/");
        await reference.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("""<a href="/">← Back to Cohortly</a>""", await reference.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var dashboard = await fixture.Http.SendAsync(HttpMethod.Get, "/dashboard/", fixture.Admin.AccessToken);
        await dashboard.ExpectAsync(HttpStatusCode.OK);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("""<a href="/">← Back to Cohortly</a>""", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("Back to Cohortly", StringComparison.Ordinal) > html.IndexOf("<body", StringComparison.OrdinalIgnoreCase), "the link is inside the body");
    }

    [Fact]
    public async Task APageCanAskWhetherThereIsAnAvatarInsteadOfRequestingAMissingImage()
    {
        var student = await _api.StudentAsync();

        var mine = await _api.GetJsonAsync(student, "/api/me/avatar");

        Assert.Null(mine["fileId"]?.GetValue<string>());
    }

    [Fact]
    public async Task TheDevMailboxPageIsOnInEmbeddedMode()
    {
        using var response = await fixture.Http.GetAsync("/api/features");
        var features = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["features"]!;
        Assert.True(features["devMailbox"]!.GetValue<bool>());
    }

    private async Task<JsonNode> SearchAsync(string q, string extra = "") =>
        await _api.GetJsonAsync(fixture.Admin, $"/api/users?q={Uri.EscapeDataString(q)}{extra}");

    private static IEnumerable<JsonNode> Items(JsonNode page) => page["items"]!.AsArray().Select(item => item!);

    private async Task<JsonArray> PresenceAsync(Tokens caller, string bootcampId) =>
        (await _api.GetJsonAsync(caller, $"/api/bootcamps/{bootcampId}/mentors/presence")).AsArray();
}
