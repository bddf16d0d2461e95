using System.Net;
using Cohortly.Testing;

namespace Cohortly.Browser.Tests;

/// <summary>The people of a classroom story, registered through the API on a fresh process: the admin first.</summary>
public sealed record Cast(string AdminEmail, Tokens Admin, string InstructorEmail, Tokens Instructor, string StudentEmail, Tokens Student)
{
    public static async Task<Cast> RegisterAsync(HttpClient http, string instructorName, string studentName)
    {
        var adminEmail = ApiClient.UniqueEmail("admin");
        var admin = await http.RegisterAsync(adminEmail, AccountJourneyTests.Password, "Admin");
        var instructorEmail = ApiClient.UniqueEmail("teacher");
        var instructor = await http.RegisterAsync(instructorEmail, AccountJourneyTests.Password, instructorName);
        using (var promote = await http.SendAsync(HttpMethod.Put, $"/api/users/{instructor.UserId}/roles", admin.AccessToken, new { roles = new[] { "instructor" } }))
        {
            await promote.ExpectAsync(HttpStatusCode.OK);
        }
        var studentEmail = ApiClient.UniqueEmail("student");
        var student = await http.RegisterAsync(studentEmail, AccountJourneyTests.Password, studentName);
        return new Cast(adminEmail, admin, instructorEmail, instructor, studentEmail, student);
    }
}
