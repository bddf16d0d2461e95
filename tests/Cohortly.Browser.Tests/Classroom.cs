using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Browser.Tests;

/// <summary>What a journey needs to exist before its browsers open, made through the API.</summary>
internal static class Classroom
{
    /// <summary>POSTs <paramref name="body"/> as <paramref name="caller"/>, expects 201 and returns the new thing's id.</summary>
    public static async Task<string> CreateAsync(HttpClient http, Tokens caller, string path, string idField, object body)
    {
        using var response = await http.SendAsync(HttpMethod.Post, path, caller.AccessToken, body);
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())![idField]!.GetValue<string>();
    }

    public static async Task EnrollAsync(HttpClient http, string bootcampId, Tokens student)
    {
        using var enroll = await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken);
        await enroll.ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>A new account made a mentor and put on the bootcamp's staff by the admin; returns its email and tokens.</summary>
    public static async Task<(string Email, Tokens Tokens)> MentorAsync(HttpClient http, Tokens admin, string bootcampId, string name)
    {
        var email = ApiClient.UniqueEmail("mentor");
        var mentor = await http.RegisterAsync(email, AccountJourneyTests.Password, name);
        using (var promote = await http.SendAsync(HttpMethod.Put, $"/api/users/{mentor.UserId}/roles", admin.AccessToken, new { roles = new[] { "mentor" } }))
        {
            await promote.ExpectAsync(HttpStatusCode.OK);
        }
        using (var staff = await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/staff", admin.AccessToken, new { userId = mentor.UserId, role = "mentor" }))
        {
            await staff.ExpectAsync(HttpStatusCode.NoContent);
        }
        return (email, mentor);
    }
}
