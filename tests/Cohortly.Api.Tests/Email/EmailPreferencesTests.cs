using System.Net;
using System.Net.Http.Json;
using Cohortly.Testing;
using MimeKit;

namespace Cohortly.Api.Tests.Email;

[Collection(EmailAppCollection.Name)]
public sealed class EmailPreferencesTests(EmailAppFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task PreferencesStartWithStudyMailOnAndMarketingOffAndAreChangedWhole()
    {
        var (user, _) = await fixture.UserAsync("Paula Preferences");

        var initial = await fixture.PreferencesAsync(user);
        Assert.True(initial["weeklyReport"]!.GetValue<bool>());
        Assert.True(initial["assignmentNotices"]!.GetValue<bool>());
        Assert.False(initial["marketing"]!.GetValue<bool>());

        using (var partial = await Http.SendAsync(HttpMethod.Put, "/api/me/email-preferences", user.AccessToken, new { weeklyReport = false }))
        {
            var problem = await partial.ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(problem.FieldErrors("assignmentNotices"));
            Assert.NotEmpty(problem.FieldErrors("marketing"));
        }
        using (var wrongType = await Http.SendAsync(HttpMethod.Put, "/api/me/email-preferences", user.AccessToken, ApiClient.RawJson("{\"weeklyReport\":\"no\"}")))
        {
            await wrongType.ProblemAsync(HttpStatusCode.BadRequest);
        }
        using (var anonymous = await Http.GetAsync("/api/me/email-preferences"))
        {
            await anonymous.ProblemAsync(HttpStatusCode.Unauthorized);
        }
        Assert.True((await fixture.PreferencesAsync(user))["weeklyReport"]!.GetValue<bool>());

        await fixture.SetPreferencesAsync(user, weeklyReport: false, assignmentNotices: true, marketing: true);
        var saved = await fixture.PreferencesAsync(user);
        Assert.False(saved["weeklyReport"]!.GetValue<bool>());
        Assert.True(saved["marketing"]!.GetValue<bool>());
    }

    [Fact]
    public async Task StudentsWhoOptedOutGetNoNoticesOrReportsButStillGetTheirPasswordReset()
    {
        var (instructor, _) = await fixture.UserAsync("Olga Instructor", "instructor");
        var (quiet, quietEmail) = await fixture.UserAsync("Quiet Quentin");
        var (keen, keenEmail) = await fixture.UserAsync("Keen Kim");
        await fixture.SetPreferencesAsync(quiet, weeklyReport: false, assignmentNotices: false, marketing: false);
        var (bootcampId, _) = await fixture.BootcampAsync(instructor);
        await fixture.EnrollAsync(quiet, bootcampId);
        await fixture.EnrollAsync(keen, bootcampId);

        await fixture.AssignmentAsync(instructor, bootcampId, DateTimeOffset.UtcNow.AddDays(2));
        await fixture.MailAsync(keenEmail, "New assignment in");
        await fixture.RunWeeklyReportsAsync();
        await fixture.MailAsync(keenEmail, "Your week in");
        using (var reset = await Http.PostAsJsonAsync("/api/auth/password-reset/request", new { email = quietEmail }))
        {
            await reset.ExpectAsync(HttpStatusCode.Accepted);
        }
        await fixture.MailAsync(quietEmail, "Reset your Cohortly password");

        // Sent after the notice and report that would have gone to Quentin, so any such email would be here by now.
        Assert.DoesNotContain(fixture.Smtp.Received, m => EmailAppFixture.IsTo(m, quietEmail)
            && ((m.Subject ?? "").StartsWith("New assignment", StringComparison.Ordinal) || (m.Subject ?? "").StartsWith("Your week", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheOneClickLinkUnsubscribesItsOwnerAndCannotBeTurnedAgainstAnotherUser()
    {
        var (instructor, _) = await fixture.UserAsync("Uma Instructor", "instructor");
        var (owner, ownerEmail) = await fixture.UserAsync("Owen Owner");
        var (victim, _) = await fixture.UserAsync("Victor Victim");
        var (bootcampId, _) = await fixture.BootcampAsync(instructor);
        await fixture.EnrollAsync(owner, bootcampId);
        await fixture.AssignmentAsync(instructor, bootcampId, DateTimeOffset.UtcNow.AddDays(2));
        var notice = await fixture.MailAsync(ownerEmail, "New assignment in");
        var link = new Uri(notice.Headers[HeaderId.ListUnsubscribe]!.Trim('<', '>'));
        var path = link.PathAndQuery;
        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["token"]!;

        // Forged: the owner's token with the victim's id, a tampered token, the token for another category.
        foreach (var forged in new[]
        {
            path.Replace(owner.UserId, victim.UserId, StringComparison.Ordinal),
            path.Replace(token, token[..^2] + (token.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA"), StringComparison.Ordinal),
            path.Replace("category=assignmentnotices", "category=weeklyreport", StringComparison.Ordinal),
            path.Replace("category=assignmentnotices", "category=essential", StringComparison.Ordinal),
            $"/api/email/unsubscribe?user={victim.UserId}&category=assignmentnotices",
        })
        {
            using var response = await Http.PostAsync(forged, OneClickBody());
            await response.ProblemAsync(HttpStatusCode.BadRequest);
        }
        Assert.True((await fixture.PreferencesAsync(victim))["assignmentNotices"]!.GetValue<bool>());
        Assert.True((await fixture.PreferencesAsync(owner))["weeklyReport"]!.GetValue<bool>());

        // Opening the link shows a page and changes nothing: link scanners open links too.
        using (var page = await Http.GetAsync(path))
        {
            await page.ExpectAsync(HttpStatusCode.OK);
            Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.True((await fixture.PreferencesAsync(owner))["assignmentNotices"]!.GetValue<bool>());

        using (var oneClick = await Http.PostAsync(path, OneClickBody()))
        {
            await oneClick.ExpectAsync(HttpStatusCode.OK);
        }
        Assert.False((await fixture.PreferencesAsync(owner))["assignmentNotices"]!.GetValue<bool>());
        Assert.True((await fixture.PreferencesAsync(owner))["weeklyReport"]!.GetValue<bool>());
        using (var again = await Http.PostAsync(path, OneClickBody()))
        {
            await again.ExpectAsync(HttpStatusCode.OK);
        }
    }

    private static FormUrlEncodedContent OneClickBody() => new([new("List-Unsubscribe", "One-Click")]);
}

