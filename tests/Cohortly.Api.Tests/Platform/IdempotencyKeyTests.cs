using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Platform;

/// <summary>A client that retries a create with the same Idempotency-Key gets the first answer, not a second thing.</summary>
[Collection(EmbeddedAppCollection.Name)]
public sealed class IdempotencyKeyTests(EmbeddedAppFixture fixture)
{
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task ARetriedBootcampCreateAnswersTheFirstBootcampAndOpensNoSecond()
    {
        var instructor = await _api.InstructorAsync("Retrier");
        var marker = "retried" + Guid.NewGuid().ToString("N")[..6];
        var body = ApiClient.BootcampBody(title: $"Once {marker}");
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync("/api/bootcamps", instructor, body, key);
        using var retry = await PostAsync("/api/bootcamps", instructor, body, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        await retry.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        var catalog = await Eventually.Until(() => _api.GetJsonAsync(instructor, $"/api/bootcamps?q={marker}"),
            page => page["total"]!.GetValue<int>() > 0, TimeSpan.FromSeconds(10), "the catalog to list the bootcamp");
        Assert.Equal(1, catalog["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyIsRefusedWith422()
    {
        var instructor = await _api.InstructorAsync("Reuser");
        var key = Guid.NewGuid().ToString();
        using var first = await PostAsync("/api/bootcamps", instructor, ApiClient.BootcampBody(title: "First"), key);
        await first.ExpectAsync(HttpStatusCode.Created);

        using var other = await PostAsync("/api/bootcamps", instructor, ApiClient.BootcampBody(title: "Something else"), key);

        var problem = await other.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.EndsWith("idempotency-key-reused", problem.ProblemType());
    }

    [Fact]
    public async Task KeysBelongToTheirCallerSoAnotherCallersSameKeyCreatesTheirOwn()
    {
        var one = await _api.InstructorAsync("One");
        var two = await _api.InstructorAsync("Two");
        var key = Guid.NewGuid().ToString();
        var body = ApiClient.BootcampBody(title: "Same key, two people");

        using var first = await PostAsync("/api/bootcamps", one, body, key);
        using var second = await PostAsync("/api/bootcamps", two, body, key);

        await first.ExpectAsync(HttpStatusCode.Created);
        await second.ExpectAsync(HttpStatusCode.Created);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(await BootcampIdAsync(first), await BootcampIdAsync(second));
    }

    [Theory]
    [InlineData(129)]
    [InlineData(0)]
    public async Task AKeyLongerThan128CharactersOrEmptyIs400(int length)
    {
        var instructor = await _api.InstructorAsync("Long Key");

        using var response = await PostAsync("/api/bootcamps", instructor, ApiClient.BootcampBody(), new string('k', length));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("Idempotency-Key"));
    }

    [Fact]
    public async Task ARetriedSubmissionIsOneVersionAndTheNextSubmitIsTheSecond()
    {
        var instructor = await _api.InstructorAsync("Teacher");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var assignmentId = await _api.CreateAssignmentAsync(instructor, bootcampId);
        var student = await _api.StudentAsync("Careful Student");
        await _api.EnrollAsync(student, bootcampId);
        var key = Guid.NewGuid().ToString();
        var work = new { text = "my only copy", fileIds = Array.Empty<string>() };

        using var first = await PostAsync($"/api/assignments/{assignmentId}/submissions", student, work, key);
        using var retry = await PostAsync($"/api/assignments/{assignmentId}/submissions", student, work, key);
        var next = await _api.SubmitAsync(student, assignmentId, "a real second version");

        await first.ExpectAsync(HttpStatusCode.Created);
        await retry.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(1, JsonNode.Parse(await retry.Content.ReadAsStringAsync())!["version"]!.GetValue<int>());
        Assert.Equal(2, next["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task ARetriedAnnouncementReachesTheMembersInboxOnce()
    {
        var instructor = await _api.InstructorAsync("Announcer");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var student = await _api.StudentAsync("Listener");
        await _api.EnrollAsync(student, bootcampId);
        var title = "Once only " + Guid.NewGuid().ToString("N")[..6];
        var key = Guid.NewGuid().ToString();
        var announcement = new { title, body = "Please read.", bootcampId };

        using var first = await PostAsync("/api/announcements", instructor, announcement, key);
        using var retry = await PostAsync("/api/announcements", instructor, announcement, key);
        await first.ExpectAsync(HttpStatusCode.Accepted);
        await retry.ExpectAsync(HttpStatusCode.Accepted);
        // A second announcement without a key is the marker: once it is in, the first would be too.
        await _api.AnnounceAsync(instructor, bootcampId, "marker " + title);

        var inbox = await Eventually.Until(() => _api.GetJsonAsync(student, "/api/notifications?pageSize=50"),
            page => page["items"]!.AsArray().Any(n => n!["title"]!.ToString() == "marker " + title), TimeSpan.FromSeconds(15), "the marker announcement");
        Assert.Single(inbox["items"]!.AsArray(), n => n!["title"]!.ToString() == title);
    }

    private Task<HttpResponseMessage> PostAsync(string path, Tokens caller, object body, string key)
    {
        var request = ApiClient.Authorized(HttpMethod.Post, path, caller.AccessToken, body);
        request.Headers.Add("Idempotency-Key", key);
        return fixture.Http.SendAsync(request);
    }

    private static async Task<string> BootcampIdAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
}
