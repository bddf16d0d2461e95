using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Testing;
using Microsoft.AspNetCore.Identity;

namespace Cohortly.DomainLoad;

/// <summary>A seeded account. <see cref="Session"/> is null for accounts that never call the API themselves.</summary>
public sealed record Member(string UserId, string DisplayName, string Email, SessionGrant? Session)
{
    public Caller AsStudent() => new(UserId, DisplayName, [Roles.Student]);
}

/// <summary>
/// Puts people, bootcamps and work in place through the grains (and, for the few records an instructor makes,
/// through HTTP as that instructor). Every account shares one precomputed PBKDF2 hash: registering thousands over
/// HTTP would be minutes of hashing on two cores, and the hash is not part of any figure measured here.
/// </summary>
public sealed class Seeder(BenchApp app, int parallelism)
{
    public const string Password = "correct horse battery staple";
    private static readonly string[] BenchLabels = ["bench"];
    private static readonly Lazy<string> SharedHash = new(() => new PasswordHasher<object>().HashPassword(new object(), Password));
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];

    private IClusterClient Grains => app.Grains;

    /// <summary>The first account of a fresh system is the admin; the second is made an instructor by it.</summary>
    public async Task<(Member Admin, Member Instructor)> StaffAsync()
    {
        var admin = await RegisterAsync("admin", "Bench Admin", session: false);
        var instructor = await RegisterAsync("instructor", "Bench Instructor", session: false);
        await Grains.GetGrain<IUserGrain>(instructor.UserId).SetRolesAsync(admin.UserId, [Roles.Instructor]);
        var grant = await Grains.GetGrain<IUserGrain>(instructor.UserId).StartSessionAsync(TimeSpan.FromDays(1));
        if (!grant.Profile.IsInRole(Roles.Instructor))
        {
            throw new InvalidOperationException("The instructor did not get the instructor role: was the admin really the first account?");
        }
        return (admin, instructor with { Session = grant });
    }

    public async Task<Member[]> StudentsAsync(string prefix, int count, bool sessions)
    {
        var students = new Member[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) =>
            students[i] = await RegisterAsync($"{prefix}-{i:D5}", $"Student {prefix} {i:D5}", sessions));
        return students;
    }

    public async Task EnrollAsync(string bootcampId, IReadOnlyList<Member> students)
    {
        var refused = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(students, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (student, _) =>
        {
            var enrollment = await Grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId)).EnrollAsync(student.AsStudent());
            if (enrollment.Status != EnrollmentStatus.Active)
            {
                refused.Add(student.UserId);
            }
        });
        if (!refused.IsEmpty)
        {
            throw new InvalidOperationException($"{refused.Count} seeded enrollments did not become active.");
        }
    }

    public Task SubmitAsync(string assignmentId, IReadOnlyList<Member> students, string text) =>
        Parallel.ForEachAsync(students, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (student, _) =>
            await Grains.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, student.UserId)).SubmitAsync(student.AsStudent(), text, []));

    public string Token(Member member) =>
        app.Tokens.Issue(member.Session ?? throw new InvalidOperationException($"{member.Email} was seeded without a session."));

    /// <summary>A free bootcamp with room for everyone, opened over HTTP by the instructor (who becomes its instructor).</summary>
    public static async Task<string> CreateBootcampAsync(HttpClient http, string instructorToken, string title)
    {
        using var response = await http.SendAsync(HttpMethod.Post, "/api/bootcamps", instructorToken,
            ApiClient.BootcampBody(title, capacity: BootcampRules.MaxCapacity, tags: BenchLabels, skills: BenchLabels));
        await response.ExpectAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["bootcampId"]!.GetValue<string>();
    }

    /// <summary>Due in a month (nothing is late) and scored out of the maximum, so grades can carry a unique score each.</summary>
    public static async Task<string> CreateAssignmentAsync(HttpClient http, string instructorToken, string bootcampId, string title)
    {
        using var response = await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments", instructorToken, new
        {
            title,
            description = "Seeded by the domain load driver.",
            dueAt = DateTimeOffset.UtcNow.AddDays(30),
            maxScore = AssignmentRules.MaxScoreLimit,
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["assignmentId"]!.GetValue<string>();
    }

    /// <summary>Runs a seeding step and says how long it took, so a slow seed is visible rather than mistaken for a hang.</summary>
    public static async Task<T> TimedAsync<T>(string what, Func<Task<T>> step)
    {
        var clock = Stopwatch.StartNew();
        var result = await step();
        Console.WriteLine($"  seeded {what} in {clock.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    public static async Task<TimeSpan> TimedAsync(string what, Func<Task> step)
    {
        var clock = Stopwatch.StartNew();
        await step();
        Console.WriteLine($"  seeded {what} in {clock.Elapsed.TotalSeconds:0.0} s");
        return clock.Elapsed;
    }

    private async Task<Member> RegisterAsync(string local, string displayName, bool session)
    {
        var email = $"{local}-{_runId}@example.com";
        var result = await Grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email)).RegisterAsync(new NewAccount(email, displayName, SharedHash.Value));
        if (!result.Created || result.Profile is null)
        {
            throw new InvalidOperationException($"Registering {email} through the email index grain did not create an account.");
        }
        var grant = session ? await Grains.GetGrain<IUserGrain>(result.Profile.UserId).StartSessionAsync(TimeSpan.FromDays(1)) : null;
        return new Member(result.Profile.UserId, displayName, email, grant);
    }
}
