using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;
using MimeKit;

namespace Cohortly.Api.Tests.Email;

/// <summary>
/// One embedded Cohortly process that sends its mail over SMTP to a real SMTP server started by the test, with
/// short retry delays so outages play out in seconds.
/// </summary>
public sealed class EmailAppFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cohortly-email");

    public SmtpSink Smtp { get; private set; } = null!;

    public CohortlyApp App { get; private set; } = null!;

    public HttpClient Http => App.Http;

    public Tokens Admin { get; private set; } = null!;

    public string BaseUrl => App.BaseAddress.ToString().TrimEnd('/');

    public static Dictionary<string, string> EmailEnvironment(SmtpSink smtp, int maxPerSecond = 200) => new(smtp.Environment)
    {
        ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
        ["Cohortly__Email__MaxPerSecond"] = maxPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cohortly__Email__RetryBaseDelay"] = "00:00:00.200",
        ["Cohortly__Email__RetryMaxDelay"] = "00:00:01",
        ["Cohortly__Email__MaxAttempts"] = "12",
    };

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        App = await CohortlyApp.StartAsync(_data.Path, EmailEnvironment(Smtp));
        Admin = await Http.RegisterAsync(ApiClient.UniqueEmail("admin"), "the admin's own long passphrase", "Ada Admin");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
        _data.Dispose();
    }

    public async Task<(Tokens Tokens, string Email)> UserAsync(string displayName, params string[] roles)
    {
        var email = ApiClient.UniqueEmail("user");
        var tokens = await Http.RegisterAsync(email, displayName: displayName);
        if (roles.Length > 0)
        {
            using var response = await Http.SendAsync(HttpMethod.Put, $"/api/users/{tokens.UserId}/roles", Admin.AccessToken, new { roles });
            await response.ExpectAsync(HttpStatusCode.OK);
            tokens = await Http.LoginAsync(email);
        }
        return (tokens, email);
    }

    public async Task<(string BootcampId, string Title)> BootcampAsync(Tokens instructor)
    {
        var title = "Email bootcamp " + Guid.NewGuid().ToString("N")[..6];
        using var response = await Http.SendAsync(HttpMethod.Post, "/api/bootcamps", instructor.AccessToken, ApiClient.BootcampBody(title));
        await response.ExpectAsync(HttpStatusCode.Created);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!["bootcampId"]!.ToString(), title);
    }

    public async Task EnrollAsync(Tokens student, string bootcampId)
    {
        using var response = await Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken);
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    public async Task<(string AssignmentId, string Title)> AssignmentAsync(Tokens instructor, string bootcampId, DateTimeOffset dueAt)
    {
        var title = "Build a parser " + Guid.NewGuid().ToString("N")[..6];
        using var response = await Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/assignments", instructor.AccessToken, new
        {
            title,
            description = "Build it.",
            dueAt,
            maxScore = 100,
            allowedExtensions = new[] { ".zip" },
            maxFileBytes = 5_000_000,
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!["assignmentId"]!.ToString(), title);
    }

    public async Task<int> RunWeeklyReportsAsync()
    {
        using var response = await Http.SendAsync(HttpMethod.Post, "/api/admin/email/weekly-reports/run", Admin.AccessToken);
        await response.ExpectAsync(HttpStatusCode.Accepted);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reports"]!.GetValue<int>();
    }

    public async Task<JsonNode> PreferencesAsync(Tokens user)
    {
        using var response = await Http.SendAsync(HttpMethod.Get, "/api/me/email-preferences", user.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task SetPreferencesAsync(Tokens user, bool weeklyReport, bool assignmentNotices, bool marketing)
    {
        using var response = await Http.SendAsync(HttpMethod.Put, "/api/me/email-preferences", user.AccessToken, new { weeklyReport, assignmentNotices, marketing });
        await response.ExpectAsync(HttpStatusCode.OK);
    }

    public static bool IsTo(MimeMessage message, string email) =>
        message.To.Mailboxes.Any(m => string.Equals(m.Address, email, StringComparison.OrdinalIgnoreCase));

    public Task<MimeMessage> MailAsync(string email, string subjectStart) =>
        Smtp.WaitForOneAsync(m => IsTo(m, email) && (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal), $"'{subjectStart}…' for {email}");
}

[CollectionDefinition(Name)]
public sealed class EmailAppCollection : ICollectionFixture<EmailAppFixture>
{
    public const string Name = "Embedded Cohortly process mailing an SMTP server";
}
