using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cohortly.Testing;

public sealed record Tokens(string UserId, string AccessToken, string RefreshToken, int ExpiresIn);

public sealed record MeResponse(string UserId, string Email, string DisplayName, string[] Roles);

/// <summary>Thin helpers over HttpClient that speak the public API exactly as an outside client would.</summary>
public static class ApiClient
{
    public const string StrongPassword = "correct horse battery staple";

    public static string UniqueEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.com";

    /// <summary>A valid <c>POST /api/bootcamps</c> body, starting in a week: only what a test cares about is a parameter.</summary>
    public static object BootcampBody(string? title = null, int capacity = 30, long priceMinor = 0, string[]? tags = null, string[]? skills = null) => new
    {
        title = title ?? "Bootcamp " + Guid.NewGuid().ToString("N")[..8],
        description = "Learn by building.",
        startsAt = DateTimeOffset.UtcNow.AddDays(7),
        endsAt = DateTimeOffset.UtcNow.AddDays(70),
        capacity,
        priceMinor,
        currency = "USD",
        tags = tags ?? ["web"],
        skills = skills ?? ["testing"],
    };

    public static async Task<Tokens> RegisterAsync(this HttpClient http, string? email = null, string password = StrongPassword, string displayName = "Test User")
    {
        using var response = await http.PostAsJsonAsync("/api/auth/register", new { email = email ?? UniqueEmail(), password, displayName });
        await response.ExpectAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<Tokens>())!;
    }

    public static async Task<Tokens> LoginAsync(this HttpClient http, string email, string password = StrongPassword)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<Tokens>())!;
    }

    public static HttpRequestMessage Authorized(HttpMethod method, string path, string accessToken, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient http, HttpMethod method, string path, string accessToken, object? body = null)
    {
        using var request = Authorized(method, path, accessToken, body);
        return await http.SendAsync(request);
    }

    public static async Task<MeResponse> GetMeAsync(this HttpClient http, string accessToken)
    {
        using var response = await http.SendAsync(HttpMethod.Get, "/api/me", accessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<MeResponse>())!;
    }

    /// <summary>Fails with the response body in the message, which is what one needs to see when a status is wrong.</summary>
    public static async Task ExpectAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException($"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }

    /// <summary>Asserts an RFC 7807 body and returns it.</summary>
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.ExpectAsync(expected);
        Xunit.Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Xunit.Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        Xunit.Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        return problem;
    }

    public static string? ProblemType(this JsonObject problem) => problem["type"]?.GetValue<string>();

    public static IReadOnlyList<string> FieldErrors(this JsonObject problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(e => e!.GetValue<string>()).ToList() ?? [];

    public static StringContent RawJson(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
