using Cohortly.Testing;

namespace Cohortly.Api.Tests.Email;

/// <summary>Its own process and SMTP server: the test kills the process.</summary>
public sealed class OutboxRestartTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cohortly-email-kill");
    private SmtpSink _smtp = null!;
    private CohortlyApp _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpSink.StartAsync();
        // Two a second, so the queue is still long when the process dies.
        _app = await CohortlyApp.StartAsync(_data.Path, EmailAppFixture.EmailEnvironment(_smtp, maxPerSecond: 2));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task KillingTheAppMidQueueLosesNoEmailAndSendsNoneTwice()
    {
        var emails = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var email = ApiClient.UniqueEmail($"queued{i}");
            await _app.Http.RegisterAsync(email, displayName: $"Queued {i}");
            emails.Add(email);
        }

        // The process dies while the server receives the third email, before the server says it took it.
        var killed = new TaskCompletionSource();
        _smtp.BeforeAccept = async _ =>
        {
            if (_smtp.Received.Count < 2)
            {
                return true;
            }
            _smtp.BeforeAccept = null;
            await _app.KillAsync();
            killed.TrySetResult();
            return false;
        };
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(_smtp.Received.Count, 2, emails.Count - 1);

        await _app.StartAsync();

        var arrived = await _smtp.WaitForAsync(m => emails.Any(e => EmailAppFixture.IsTo(m, e)), emails.Count, TimeSpan.FromSeconds(60), "every queued welcome email after the restart");
        Assert.Equal(emails.Order(), arrived.Select(m => m.To.Mailboxes.Single().Address).Order());
        // A later email has had its turn after all of them: any second copy would have been sent by now.
        var marker = ApiClient.UniqueEmail("marker");
        await _app.Http.RegisterAsync(marker, displayName: "Marker");
        await _smtp.WaitForOneAsync(m => EmailAppFixture.IsTo(m, marker), "the marker's welcome email");
        Assert.Equal(emails.Count, _smtp.Received.Where(m => emails.Any(e => EmailAppFixture.IsTo(m, e))).Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(emails.Count, _smtp.Received.Count(m => emails.Any(e => EmailAppFixture.IsTo(m, e))));
    }

    /// <summary>
    /// The weekly reports of a roster page are one outbox batch: the process dies while the server receives the third,
    /// before the server says it took it. After the restart the batch's shard wakes it, and it sends the rest: every
    /// student has their report once, the two whose sent marks were stored are not mailed again.
    /// </summary>
    [Fact]
    public async Task KillingTheAppInTheMiddleOfAWeeklyBatchSendsEveryReportOnceAfterTheRestart()
    {
        var admin = await _app.Http.RegisterAsync(ApiClient.UniqueEmail("admin"), displayName: "Ada Admin");
        using (var created = await _app.Http.SendAsync(HttpMethod.Post, "/api/bootcamps", admin.AccessToken, ApiClient.BootcampBody("Weekly batch")))
        {
            await created.ExpectAsync(System.Net.HttpStatusCode.Created);
            var bootcampId = System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
            for (var i = 0; i < 6; i++)
            {
                var email = ApiClient.UniqueEmail($"weekly{i}");
                var student = await _app.Http.RegisterAsync(email, displayName: $"Weekly {i}");
                using var enrolled = await _app.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken);
                await enrolled.ExpectAsync(System.Net.HttpStatusCode.Created);
            }
        }
        // Every welcome and enrollment email first (two a second), so the weekly reports are what is in flight at the kill.
        await _smtp.WaitForAsync(_ => true, 13, TimeSpan.FromSeconds(60), "the welcome and enrollment emails");
        static bool IsReport(MimeKit.MimeMessage m) => (m.Subject ?? "").StartsWith("Your week in", StringComparison.Ordinal);
        var killed = new TaskCompletionSource();
        _smtp.BeforeAccept = async message =>
        {
            if (!IsReport(message) || _smtp.Received.Count(IsReport) < 2)
            {
                return true;
            }
            _smtp.BeforeAccept = null;
            await _app.KillAsync();
            killed.TrySetResult();
            return false;
        };

        using (var run = await _app.Http.SendAsync(HttpMethod.Post, "/api/admin/email/weekly-reports/run", admin.AccessToken))
        {
            await run.ExpectAsync(System.Net.HttpStatusCode.Accepted);
        }
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, _smtp.Received.Count(IsReport));

        await _app.StartAsync();

        var reports = await _smtp.WaitForAsync(IsReport, 6, TimeSpan.FromSeconds(60), "every weekly report after the restart");
        var marker = ApiClient.UniqueEmail("marker");
        await _app.Http.RegisterAsync(marker, displayName: "Marker");
        await _smtp.WaitForOneAsync(m => EmailAppFixture.IsTo(m, marker), "the marker's welcome email");
        Assert.Equal(6, _smtp.Received.Where(IsReport).Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.Equal(6, _smtp.Received.Count(IsReport));
    }
}
