using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Bootcamps;

[Collection(EmbeddedAppCollection.Name)]
public sealed class BootcampsApiTests(EmbeddedAppFixture fixture)
{
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task AnInstructorOpensABootcampThatTheCatalogListsAndFilters()
    {
        var instructor = await _api.InstructorAsync("Grace");
        var marker = "quantum" + Guid.NewGuid().ToString("N")[..6];
        var bootcampId = await _api.CreateBootcampAsync(instructor, ApiClient.BootcampBody(title: $"Intro to {marker}", tags: [marker, "beginner"]));

        var bootcamp = await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}");
        Assert.Equal($"Intro to {marker}", bootcamp["title"]!.ToString());
        Assert.Equal("instructor", bootcamp["staff"]![0]!["role"]!.ToString());
        Assert.Equal("Grace", bootcamp["staff"]![0]!["displayName"]!.ToString());

        // The catalog serves searches from a snapshot at most a second old.
        var byText = await Eventually.Until(() => CatalogAsync($"q={marker}"), page => page["total"]!.GetValue<int>() == 1, TimeSpan.FromSeconds(10), "the catalog to list it");
        Assert.Equal(bootcampId, byText["items"]![0]!["bootcampId"]!.ToString());
        Assert.Equal(1, (await CatalogAsync($"tag={marker.ToUpperInvariant()}"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await CatalogAsync($"tag={marker}&q=nothing-like-this"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task APaidBootcampOffersInstallmentsAndASubscriptionPlaceThatItsInstructorCanChange()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor, new
        {
            title = "Split payments", startsAt = "2027-01-01T00:00:00Z", endsAt = "2027-03-01T00:00:00Z", capacity = 10,
            priceMinor = 90_000, currency = "EUR", installmentCount = 3, includedInSubscription = true,
        });
        var created = await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}");
        Assert.Equal((3, true), (created["installmentCount"]!.GetValue<int>(), created["includedInSubscription"]!.GetValue<bool>()));

        using var patch = ApiClient.Authorized(HttpMethod.Patch, $"/api/bootcamps/{bootcampId}", instructor.AccessToken);
        patch.Content = ApiClient.RawJson("""{"installmentCount":1}""");
        (await _api.Http.SendAsync(patch)).EnsureSuccessStatusCode();
        var changed = await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}");
        Assert.Equal((1, true), (changed["installmentCount"]!.GetValue<int>(), changed["includedInSubscription"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task StudentsAndMentorsCannotOpenBootcamps()
    {
        var student = await _api.StudentAsync();
        var mentor = await _api.UserWithRolesAsync("Mentor", "mentor");

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Post, "/api/bootcamps", ApiClient.BootcampBody()));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(mentor, HttpMethod.Post, "/api/bootcamps", ApiClient.BootcampBody()));
    }

    public static TheoryData<string, string> BadBootcamps => new()
    {
        { "endsAt", """{"title":"T","startsAt":"2027-03-01T00:00:00Z","endsAt":"2027-01-01T00:00:00Z","capacity":10}""" },
        { "capacity", """{"title":"T","startsAt":"2027-01-01T00:00:00Z","endsAt":"2027-03-01T00:00:00Z","capacity":-5}""" },
        { "capacity", """{"title":"T","startsAt":"2027-01-01T00:00:00Z","endsAt":"2027-03-01T00:00:00Z"}""" },
        { "title", $$"""{"title":"{{new string('t', 100_000)}}","startsAt":"2027-01-01T00:00:00Z","endsAt":"2027-03-01T00:00:00Z","capacity":10}""" },
        { "currency", """{"title":"T","startsAt":"2027-01-01T00:00:00Z","endsAt":"2027-03-01T00:00:00Z","capacity":10,"currency":"dollars"}""" },
        { "priceMinor", """{"title":"T","startsAt":"2027-01-01T00:00:00Z","endsAt":"2027-03-01T00:00:00Z","capacity":10,"priceMinor":-1}""" },
        { "tags", """{"title":"T","startsAt":"2027-01-01T00:00:00Z","endsAt":"2027-03-01T00:00:00Z","capacity":10,"tags":[""]}""" },
        { "installmentCount", """{"title":"T","startsAt":"2027-01-01T00:00:00Z","endsAt":"2027-03-01T00:00:00Z","capacity":10,"installmentCount":3}""" },
        { "installmentCount", """{"title":"T","startsAt":"2027-01-01T00:00:00Z","endsAt":"2027-03-01T00:00:00Z","capacity":10,"priceMinor":900,"installmentCount":13}""" },
    };

    [Theory]
    [MemberData(nameof(BadBootcamps))]
    public async Task InvalidBootcampsAreRefusedFieldByField(string field, string json)
    {
        var instructor = await _api.InstructorAsync();
        using var request = ApiClient.Authorized(HttpMethod.Post, "/api/bootcamps", instructor.AccessToken);
        request.Content = ApiClient.RawJson(json);

        using var response = await _api.Http.SendAsync(request);

        Assert.NotEmpty((await response.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors(field));
        var mine = await _api.GetJsonAsync(instructor, "/api/me/bootcamps");
        Assert.Equal(0, mine["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task OnlyItsInstructorsAndAdminsChangeABootcamp()
    {
        var instructor = await _api.InstructorAsync();
        var otherInstructor = await _api.InstructorAsync();
        var student = await _api.StudentAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(otherInstructor, HttpMethod.Patch, $"/api/bootcamps/{bootcampId}", new { title = "Hijacked" }));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Patch, $"/api/bootcamps/{bootcampId}", new { title = "Hijacked" }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(instructor, HttpMethod.Patch, $"/api/bootcamps/{bootcampId}",
            new { endsAt = DateTimeOffset.UtcNow.AddYears(-1) }));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(instructor, HttpMethod.Patch, $"/api/bootcamps/{bootcampId}", new { title = "Renamed", capacity = 12 }));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(fixture.Admin, HttpMethod.Patch, $"/api/bootcamps/{bootcampId}", new { description = "By the admin" }));

        var bootcamp = await _api.GetJsonAsync(student, $"/api/bootcamps/{bootcampId}");
        Assert.Equal(("Renamed", 12, "By the admin"), (bootcamp["title"]!.ToString(), bootcamp["capacity"]!.GetValue<int>(), bootcamp["description"]!.ToString()));
    }

    [Fact]
    public async Task AStudentEnrollsOnceWithdrawsAndSeesTheirBootcamps()
    {
        var instructor = await _api.InstructorAsync();
        var student = await _api.StudentAsync("Enid");
        var bootcampId = await _api.CreateBootcampAsync(instructor);

        await _api.EnrollAsync(student, bootcampId);
        await _api.EnrollAsync(student, bootcampId);

        var bootcamp = await _api.GetJsonAsync(student, $"/api/bootcamps/{bootcampId}");
        Assert.Equal(1, bootcamp["enrolledCount"]!.GetValue<int>());
        var mine = await _api.GetJsonAsync(student, "/api/me/bootcamps");
        var row = mine["items"]!.AsArray().Single(item => item!["bootcampId"]!.ToString() == bootcampId)!;
        Assert.Equal("student", row["role"]!.ToString());
        Assert.Equal(0, row["progress"]!["totalAssignments"]!.GetValue<int>());
        var teaching = await _api.GetJsonAsync(instructor, "/api/me/bootcamps");
        Assert.Equal("instructor", teaching["items"]!.AsArray().Single(item => item!["bootcampId"]!.ToString() == bootcampId)!["role"]!.ToString());

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(student, HttpMethod.Delete, $"/api/bootcamps/{bootcampId}/enrollments/{student.UserId}"));
        Assert.Equal(0, (await _api.GetJsonAsync(student, $"/api/bootcamps/{bootcampId}"))["enrolledCount"]!.GetValue<int>());
        Assert.DoesNotContain((await _api.GetJsonAsync(student, "/api/me/bootcamps"))["items"]!.AsArray(), item => item!["bootcampId"]!.ToString() == bootcampId);
        var roster = await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}/enrollments");
        Assert.Equal("withdrawn", roster["items"]![0]!["status"]!.ToString());

        await _api.EnrollAsync(student, bootcampId);
        roster = await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}/enrollments");
        Assert.Equal(1, roster["total"]!.GetValue<int>());
        Assert.Equal(("Enid", "active"), (roster["items"]![0]!["displayName"]!.ToString(), roster["items"]![0]!["status"]!.ToString()));
    }

    [Fact]
    public async Task AFullBootcampSaysSoAndAPaidOneAsksForPayment()
    {
        var instructor = await _api.InstructorAsync();
        var full = await _api.CreateBootcampAsync(instructor, ApiClient.BootcampBody(capacity: 1));
        var paid = await _api.CreateBootcampAsync(instructor, ApiClient.BootcampBody(priceMinor: 49_900));
        await _api.EnrollAsync(await _api.StudentAsync(), full);
        var late = await _api.StudentAsync();

        using var fullResponse = await _api.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{full}/enrollments", late.AccessToken);
        Assert.EndsWith("/bootcamp-full", (await fullResponse.ProblemAsync(HttpStatusCode.Conflict)).ProblemType(), StringComparison.Ordinal);
        using var paidResponse = await _api.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{paid}/enrollments", late.AccessToken);
        await paidResponse.ProblemAsync(HttpStatusCode.PaymentRequired);
        Assert.Equal(0, (await _api.GetJsonAsync(late, "/api/me/bootcamps"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ConcurrentEnrollmentsNeverExceedCapacity()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor, ApiClient.BootcampBody(capacity: 5));
        var students = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _api.StudentAsync($"Racer{i}")));

        var statuses = await Task.WhenAll(students.Select(student => _api.StatusAsync(student, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments")));

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.Conflict));
        var bootcamp = await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}");
        Assert.Equal((5, 0), (bootcamp["enrolledCount"]!.GetValue<int>(), bootcamp["seatsLeft"]!.GetValue<int>()));
        Assert.Equal(5, (await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}/enrollments"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheRosterIsForStaffAndAdminsAndStudentsOnlyWithdrawThemselves()
    {
        var instructor = await _api.InstructorAsync();
        var mentor = await _api.StudentAsync("Mentor");
        var student = await _api.StudentAsync();
        var other = await _api.StudentAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        await _api.AssignStaffAsync(bootcampId, mentor.UserId, "mentor");
        await _api.EnrollAsync(student, bootcampId);
        await _api.EnrollAsync(other, bootcampId);

        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(mentor, HttpMethod.Get, $"/api/bootcamps/{bootcampId}/enrollments"));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, $"/api/bootcamps/{bootcampId}/enrollments?page=1&pageSize=1"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Get, $"/api/bootcamps/{bootcampId}/enrollments"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Delete, $"/api/bootcamps/{bootcampId}/enrollments/{other.UserId}"));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(student, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/staff", new { userId = student.UserId, role = "instructor" }));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(fixture.Admin, HttpMethod.Delete, $"/api/bootcamps/{bootcampId}/enrollments/{other.UserId}"));

        var page = await _api.GetJsonAsync(instructor, $"/api/bootcamps/{bootcampId}/enrollments?page=2&pageSize=1");
        Assert.Equal(2, page["total"]!.GetValue<int>());
        Assert.Equal(other.UserId, page["items"]![0]!["userId"]!.ToString());
        Assert.Equal("withdrawn", page["items"]![0]!["status"]!.ToString());
        Assert.Equal(["mentor", "student"], (await _api.Http.GetMeAsync(mentor.AccessToken)).Roles.Order());
    }

    [Fact]
    public async Task UnknownBootcampsAreNotFound()
    {
        var student = await _api.StudentAsync();

        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(student, HttpMethod.Get, "/api/bootcamps/no-such-bootcamp"));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(student, HttpMethod.Post, "/api/bootcamps/no-such-bootcamp/enrollments"));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(fixture.Admin, HttpMethod.Post, "/api/bootcamps/no-such-bootcamp/staff", new { userId = student.UserId, role = "mentor" }));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, "/api/bootcamps/no-such-bootcamp/enrollments"));
    }

    private async Task<JsonNode> CatalogAsync(string query)
    {
        using var response = await _api.Http.GetAsync("/api/bootcamps?" + query);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
