using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Bootcamps;

/// <summary>Builds the cast of a bootcamp story through the public API: instructors, bootcamps, students, assignments.</summary>
public sealed class BootcampClient(EmbeddedAppFixture fixture)
{
    public HttpClient Http => fixture.Http;

    public async Task<Tokens> UserWithRolesAsync(string name, params string[] roles)
    {
        var user = await Http.RegisterAsync(ApiClient.UniqueEmail(EmailSafe(name)), displayName: name);
        if (roles.Length > 0)
        {
            using var response = await Http.SendAsync(HttpMethod.Put, $"/api/users/{user.UserId}/roles", fixture.Admin.AccessToken, new { roles });
            await response.ExpectAsync(HttpStatusCode.OK);
        }
        return user;
    }

    public Task<Tokens> StudentAsync(string name = "Student") => Http.RegisterAsync(ApiClient.UniqueEmail(EmailSafe(name)), displayName: name);

    private static string EmailSafe(string name) => name.Replace(' ', '.').ToLowerInvariant();

    public Task<Tokens> InstructorAsync(string name = "Instructor") => UserWithRolesAsync(name, "instructor");

    public async Task<string> CreateBootcampAsync(Tokens creator, object? body = null)
    {
        using var response = await Http.SendAsync(HttpMethod.Post, "/api/bootcamps", creator.AccessToken, body ?? ApiClient.BootcampBody());
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
    }

    public async Task EnrollAsync(Tokens student, string bootcampId)
    {
        using var response = await Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken);
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    public async Task AssignStaffAsync(string bootcampId, string userId, string role)
    {
        using var response = await Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/staff", fixture.Admin.AccessToken, new { userId, role });
        await response.ExpectAsync(HttpStatusCode.NoContent);
    }

    public static object AssignmentBody(DateTimeOffset? dueAt = null, decimal maxScore = 100, object? latePolicy = null) => new
    {
        title = "Assignment " + Guid.NewGuid().ToString("N")[..6],
        description = "Build it.",
        dueAt = dueAt ?? DateTimeOffset.UtcNow.AddDays(3),
        maxScore,
        allowedExtensions = new[] { ".zip", ".py" },
        maxFileBytes = 5_000_000,
        latePolicy,
    };

    public async Task<string> CreateAssignmentAsync(Tokens instructor, string bootcampId, object? body = null)
    {
        using var response = await Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments", instructor.AccessToken, body ?? AssignmentBody());
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["assignmentId"]!.ToString();
    }

    public async Task<JsonNode> SubmitAsync(Tokens student, string assignmentId, string text = "my work")
    {
        using var response = await Http.SendAsync(HttpMethod.Post, $"/api/assignments/{assignmentId}/submissions", student.AccessToken, new { text, fileIds = Array.Empty<string>() });
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task AnnounceAsync(Tokens author, string bootcampId, string title)
    {
        using var response = await Http.SendAsync(HttpMethod.Post, "/api/announcements", author.AccessToken, new { title, body = "Please read.", bootcampId });
        await response.ExpectAsync(HttpStatusCode.Accepted);
    }

    public async Task<JsonNode> GetJsonAsync(Tokens caller, string path)
    {
        using var response = await Http.SendAsync(HttpMethod.Get, path, caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task<HttpStatusCode> StatusAsync(Tokens caller, HttpMethod method, string path, object? body = null)
    {
        using var response = await Http.SendAsync(method, path, caller.AccessToken, body);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        return response.StatusCode;
    }
}
