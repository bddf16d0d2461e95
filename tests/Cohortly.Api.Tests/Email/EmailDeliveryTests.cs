using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cohortly.Testing;
using MimeKit;

namespace Cohortly.Api.Tests.Email;

[Collection(EmailAppCollection.Name)]
public sealed class EmailDeliveryTests(EmailAppFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task EveryTemplateArrivesAsBrandedMimeWithBothPartsAndWorkingLinks()
    {
        var (instructor, _) = await fixture.UserAsync("Ivy Instructor", "instructor");
        var (student, email) = await fixture.UserAsync("Sam Student");

        var welcome = await fixture.MailAsync(email, "Welcome to Cohortly");
        AssertWellFormed(welcome, email);
        Assert.Equal("Welcome to Cohortly, Sam Student", welcome.Subject);
        Assert.Contains("Sam Student", welcome.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{fixture.BaseUrl}/bootcamps", welcome.HtmlBody, StringComparison.Ordinal);
        Assert.Null(welcome.Headers[HeaderId.ListUnsubscribe]);

        var (bootcampId, bootcampTitle) = await fixture.BootcampAsync(instructor);
        await fixture.EnrollAsync(student, bootcampId);
        var enrolled = await fixture.MailAsync(email, "You are enrolled in");
        AssertWellFormed(enrolled, email);
        Assert.Equal($"You are enrolled in {bootcampTitle}", enrolled.Subject);
        Assert.Contains($"{fixture.BaseUrl}/bootcamps/{bootcampId}", enrolled.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{fixture.BaseUrl}/bootcamps/{bootcampId}\"", enrolled.HtmlBody, StringComparison.Ordinal);

        var (assignmentId, assignmentTitle) = await fixture.AssignmentAsync(instructor, bootcampId, DateTimeOffset.UtcNow.AddDays(3));
        var notice = await fixture.MailAsync(email, "New assignment in");
        AssertWellFormed(notice, email);
        Assert.Equal($"New assignment in {bootcampTitle}: {assignmentTitle}", notice.Subject);
        Assert.Contains($"{fixture.BaseUrl}/assignments/{assignmentId}", notice.TextBody, StringComparison.Ordinal);
        var unsubscribe = notice.Headers[HeaderId.ListUnsubscribe];
        Assert.StartsWith($"<{fixture.BaseUrl}/api/email/unsubscribe?user={student.UserId}&category=assignmentnotices&token=", unsubscribe, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", notice.Headers["List-Unsubscribe-Post"]);
        Assert.Contains(unsubscribe!.Trim('<', '>'), notice.TextBody, StringComparison.Ordinal);

        using (var reset = await Http.PostAsJsonAsync("/api/auth/password-reset/request", new { email }))
        {
            await reset.ExpectAsync(HttpStatusCode.Accepted);
        }
        var resetMail = await fixture.MailAsync(email, "Reset your Cohortly password");
        AssertWellFormed(resetMail, email);
        var link = resetMail.TextBody!.Split('\n').Single(line => line.Contains("/reset-password?token=", StringComparison.Ordinal)).Trim();
        Assert.StartsWith($"{fixture.BaseUrl}/reset-password?token=", link, StringComparison.Ordinal);
        Assert.Null(resetMail.Headers[HeaderId.ListUnsubscribe]);
        using (var confirm = await Http.PostAsJsonAsync("/api/auth/password-reset/confirm",
            new { token = Uri.UnescapeDataString(link.Split("?token=")[1]), newPassword = "a brand new passphrase" }))
        {
            await confirm.ExpectAsync(HttpStatusCode.NoContent);
        }

        Assert.True(await fixture.RunWeeklyReportsAsync() >= 1);
        var report = await fixture.MailAsync(email, "Your week in");
        AssertWellFormed(report, email);
        Assert.Equal($"Your week in {bootcampTitle}", report.Subject);
        Assert.Contains("Assignments done: 0 of 1", report.TextBody, StringComparison.Ordinal);
        Assert.Contains("Average score: not graded yet", report.TextBody, StringComparison.Ordinal);
        Assert.Contains($"- {assignmentTitle} - due", report.TextBody, StringComparison.Ordinal);
        Assert.Contains(assignmentTitle, report.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("category=weeklyreport", report.Headers[HeaderId.ListUnsubscribe]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWeeklyReportIsSentOncePerStudentAndWeekHoweverOftenTheJobRuns()
    {
        var (instructor, _) = await fixture.UserAsync("Ian Instructor", "instructor");
        var (student, email) = await fixture.UserAsync("Wendy Weekly");
        var (bootcampId, _) = await fixture.BootcampAsync(instructor);
        await fixture.EnrollAsync(student, bootcampId);

        await fixture.RunWeeklyReportsAsync();
        await fixture.RunWeeklyReportsAsync();
        await fixture.MailAsync(email, "Your week in");
        // A third run after the first report arrived, then the same wait any second copy would need.
        await fixture.RunWeeklyReportsAsync();
        var (_, other) = await fixture.UserAsync("Later Marker");
        await fixture.MailAsync(other, "Welcome to Cohortly");

        Assert.Single(fixture.Smtp.Received, m => EmailAppFixture.IsTo(m, email) && (m.Subject ?? "").StartsWith("Your week in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADisplayNameWithMarkupIsEscapedInHtmlAndPlainInText()
    {
        const string name = "<script>alert('x')</script> Eve";
        var (_, email) = await fixture.UserAsync(name);

        var welcome = await fixture.MailAsync(email, "Welcome to Cohortly");

        Assert.DoesNotContain("<script>", welcome.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", welcome.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"Hello {name},", welcome.TextBody, StringComparison.Ordinal);
        Assert.Equal($"Welcome to Cohortly, {name}", welcome.Subject);
    }

    [Fact]
    public async Task MailStaysQueuedWhileTheServerIsDownAndArrivesOnceWhenItIsBack()
    {
        await fixture.Smtp.StopServingAsync();
        var emails = new List<string>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                emails.Add((await fixture.UserAsync($"Patient {i}")).Email);
            }

            // The admin sees them waiting, with the attempts made and why they failed.
            var queued = await Eventually.Until(
                async () => (await OutboxAsync("queued", pageSize: 100))["items"]!.AsArray()
                    .Where(item => emails.Contains(item!["to"]!.ToString()) && item["attempts"]!.GetValue<int>() >= 2).ToList(),
                items => items.Count == emails.Count,
                TimeSpan.FromSeconds(20),
                "the welcome emails to be retried while the SMTP server is down");
            Assert.All(queued, item =>
            {
                Assert.Equal("welcome", item!["template"]!.ToString());
                Assert.False(string.IsNullOrEmpty(item["lastError"]?.ToString()));
            });
        }
        finally
        {
            await fixture.Smtp.StartServingAsync();
        }

        await fixture.Smtp.WaitForAsync(m => emails.Any(e => EmailAppFixture.IsTo(m, e)), emails.Count, TimeSpan.FromSeconds(30), "the queued welcome emails");
        var sent = await Eventually.Until(
            async () => (await OutboxAsync("sent", pageSize: 100))["items"]!.AsArray().Count(item => emails.Contains(item!["to"]!.ToString())),
            count => count == emails.Count,
            TimeSpan.FromSeconds(10),
            "the outbox to list them as sent");
        Assert.Equal(emails.Count, sent);
        foreach (var email in emails)
        {
            Assert.Single(fixture.Smtp.Received, m => EmailAppFixture.IsTo(m, email));
        }
    }

    [Fact]
    public async Task AnEmailTheServerKeepsRefusingFailsAndAnAdminCanSendItAgain()
    {
        var email = ApiClient.UniqueEmail("bounce");
        fixture.Smtp.BeforeAccept = message => Task.FromResult(!EmailAppFixture.IsTo(message, email));
        try
        {
            await Http.RegisterAsync(email, displayName: "Bounced Bob");
            var failed = await Eventually.Until(
                async () => (await OutboxAsync("failed", pageSize: 100))["items"]!.AsArray().FirstOrDefault(item => item!["to"]!.ToString() == email),
                item => item is not null,
                TimeSpan.FromSeconds(40),
                "the refused email to be marked failed");
            Assert.Equal(12, failed!["attempts"]!.GetValue<int>());
            Assert.Contains("554", failed["lastError"]!.ToString(), StringComparison.Ordinal);
            fixture.Smtp.BeforeAccept = null;

            using var student = await Http.SendAsync(HttpMethod.Post, $"/api/admin/email/outbox/{failed["messageId"]}/retry",
                (await fixture.UserAsync("Nosy Student")).Tokens.AccessToken);
            await student.ProblemAsync(HttpStatusCode.Forbidden);

            using var retry = await Http.SendAsync(HttpMethod.Post, $"/api/admin/email/outbox/{failed["messageId"]}/retry", fixture.Admin.AccessToken);
            await retry.ExpectAsync(HttpStatusCode.OK);
            await fixture.MailAsync(email, "Welcome to Cohortly");
        }
        finally
        {
            fixture.Smtp.BeforeAccept = null;
        }
    }

    [Fact]
    public async Task OnlyAdminsReadTheOutboxAndBadQueriesAreRefused()
    {
        var (student, _) = await fixture.UserAsync("Curious Carl");
        using (var forbidden = await Http.SendAsync(HttpMethod.Get, "/api/admin/email/outbox", student.AccessToken))
        {
            await forbidden.ProblemAsync(HttpStatusCode.Forbidden);
        }
        using (var anonymous = await Http.GetAsync("/api/admin/email/outbox"))
        {
            await anonymous.ProblemAsync(HttpStatusCode.Unauthorized);
        }
        using (var badStatus = await Http.SendAsync(HttpMethod.Get, "/api/admin/email/outbox?status=delivered", fixture.Admin.AccessToken))
        {
            Assert.NotEmpty((await badStatus.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("status"));
        }
        using (var numericStatus = await Http.SendAsync(HttpMethod.Get, "/api/admin/email/outbox?status=1", fixture.Admin.AccessToken))
        {
            await numericStatus.ProblemAsync(HttpStatusCode.BadRequest);
        }
        using (var tooBig = await Http.SendAsync(HttpMethod.Get, "/api/admin/email/outbox?pageSize=101", fixture.Admin.AccessToken))
        {
            await tooBig.ProblemAsync(HttpStatusCode.BadRequest);
        }
        using (var unknown = await Http.SendAsync(HttpMethod.Post, "/api/admin/email/outbox/0123456789abcdef0123456789abcdef/retry", fixture.Admin.AccessToken))
        {
            await unknown.ProblemAsync(HttpStatusCode.NotFound);
        }
        using (var junk = await Http.SendAsync(HttpMethod.Post, "/api/admin/email/outbox/..%2F..%2Fetc/retry", fixture.Admin.AccessToken))
        {
            await junk.ProblemAsync(HttpStatusCode.NotFound);
        }

        var firstPage = await OutboxAsync(null, pageSize: 2);
        Assert.Equal(2, firstPage["items"]!.AsArray().Count);
        Assert.True(firstPage["total"]!.GetValue<int>() >= 2);
        var secondPage = await OutboxAsync(null, pageSize: 2, page: 2);
        Assert.DoesNotContain(secondPage["items"]!.AsArray(), item => firstPage["items"]!.AsArray().Any(first => first!["messageId"]!.ToString() == item!["messageId"]!.ToString()));
    }

    private async Task<JsonNode> OutboxAsync(string? status, int pageSize, int page = 1)
    {
        var query = $"/api/admin/email/outbox?page={page}&pageSize={pageSize}" + (status is null ? "" : $"&status={status}");
        using var response = await Http.SendAsync(HttpMethod.Get, query, fixture.Admin.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static void AssertWellFormed(MimeMessage message, string to)
    {
        Assert.Equal(to, message.To.Mailboxes.Single().Address);
        Assert.Equal("no-reply@cohortly.local", message.From.Mailboxes.Single().Address);
        Assert.Equal("Cohortly", message.From.Mailboxes.Single().Name);
        Assert.EndsWith("@cohortly.local", message.MessageId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(message.TextBody));
        Assert.False(string.IsNullOrWhiteSpace(message.HtmlBody));
        Assert.Contains(message.BodyParts, part => part.ContentType.MimeType == "text/plain");
        Assert.Contains(message.BodyParts, part => part.ContentType.MimeType == "text/html");
        // Branded: the platform's name and the inline logo the HTML part shows.
        Assert.Contains("Cohortly", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("src=\"cid:logo@cohortly\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(message.BodyParts, part => part.ContentId == "logo@cohortly" && part.ContentType.MimeType == "image/png");
        // CSS is inlined for mail clients that drop <style>.
        Assert.DoesNotContain("<style", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("style=\"", message.HtmlBody, StringComparison.Ordinal);
    }
}
