using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Accounts;

[Collection(EmbeddedAppCollection.Name)]
public sealed class AccountsApiTests(EmbeddedAppFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task TheFirstAccountIsAnAdminAndLaterOnesAreStudents()
    {
        var student = await _http.RegisterAsync();

        Assert.Equal(["admin"], (await _http.GetMeAsync(fixture.Admin.AccessToken)).Roles);
        Assert.Equal(["student"], (await _http.GetMeAsync(student.AccessToken)).Roles);
    }

    [Fact]
    public async Task RegisteringReturnsTokensThatOpenTheAccount()
    {
        var email = ApiClient.UniqueEmail();
        using var response = await _http.PostAsJsonAsync("/api/auth/register", new { email, password = ApiClient.StrongPassword, displayName = "  Linus  " });

        await response.ExpectAsync(HttpStatusCode.Created);
        var tokens = (await response.Content.ReadFromJsonAsync<Tokens>())!;
        Assert.Equal(900, tokens.ExpiresIn);
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        var me = await _http.GetMeAsync(tokens.AccessToken);
        Assert.Equal((tokens.UserId, email, "Linus"), (me.UserId, me.Email, me.DisplayName));
    }

    [Fact]
    public async Task RegisteringATakenEmailInAnyCaseIsAConflict()
    {
        var email = ApiClient.UniqueEmail();
        await _http.RegisterAsync(email);

        using var response = await _http.PostAsJsonAsync("/api/auth/register",
            new { email = email.ToUpperInvariant(), password = ApiClient.StrongPassword, displayName = "Copycat" });

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.EndsWith("/email-taken", problem.ProblemType(), StringComparison.Ordinal);
        Assert.Equal("Test User", (await _http.GetMeAsync((await _http.LoginAsync(email)).AccessToken)).DisplayName);
    }

    [Fact]
    public async Task LoginWorksWithTheRightPasswordInAnyEmailCase()
    {
        var email = ApiClient.UniqueEmail();
        var registered = await _http.RegisterAsync(email);

        var tokens = await _http.LoginAsync(email.ToUpperInvariant());

        Assert.Equal(registered.UserId, tokens.UserId);
        Assert.Equal(email, (await _http.GetMeAsync(tokens.AccessToken)).Email);
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownEmailGetTheSameAnswer()
    {
        var email = ApiClient.UniqueEmail();
        await _http.RegisterAsync(email);

        using var wrongPassword = await _http.PostAsJsonAsync("/api/auth/login", new { email, password = "not the password at all" });
        using var unknownEmail = await _http.PostAsJsonAsync("/api/auth/login", new { email = ApiClient.UniqueEmail(), password = "not the password at all" });

        var first = await wrongPassword.ProblemAsync(HttpStatusCode.Unauthorized);
        var second = await unknownEmail.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal((first.ProblemType(), first["title"]!.ToString()), (second.ProblemType(), second["title"]!.ToString()));
    }

    [Fact]
    public async Task RepeatedFailedLoginsAreThrottledWithRetryAfterEvenForTheRightPassword()
    {
        var email = ApiClient.UniqueEmail();
        await _http.RegisterAsync(email);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var failed = await _http.PostAsJsonAsync("/api/auth/login", new { email, password = "guess number " + attempt });
            await failed.ExpectAsync(HttpStatusCode.Unauthorized);
        }

        using var throttled = await _http.PostAsJsonAsync("/api/auth/login", new { email, password = ApiClient.StrongPassword });

        var problem = await throttled.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.EndsWith("/too-many-attempts", problem.ProblemType(), StringComparison.Ordinal);
        var retryAfter = int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 30);
    }

    [Fact]
    public async Task UnknownEmailsAreThrottledToo()
    {
        var email = ApiClient.UniqueEmail("nobody");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var failed = await _http.PostAsJsonAsync("/api/auth/login", new { email, password = "guess number " + attempt });
            await failed.ExpectAsync(HttpStatusCode.Unauthorized);
        }
        using var throttled = await _http.PostAsJsonAsync("/api/auth/login", new { email, password = "one more guess" });
        await throttled.ProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task RefreshRotatesTheTokenAndAReplayRevokesTheWholeSession()
    {
        var tokens = await _http.RegisterAsync();

        using var refreshed = await _http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken });
        await refreshed.ExpectAsync(HttpStatusCode.OK);
        var rotated = (await refreshed.Content.ReadFromJsonAsync<Tokens>())!;
        Assert.NotEqual(tokens.RefreshToken, rotated.RefreshToken);
        Assert.Equal(tokens.UserId, (await _http.GetMeAsync(rotated.AccessToken)).UserId);

        using var replay = await _http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken });
        Assert.EndsWith("/invalid-refresh-token", (await replay.ProblemAsync(HttpStatusCode.Unauthorized)).ProblemType(), StringComparison.Ordinal);

        using var afterReplay = await _http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = rotated.RefreshToken });
        await afterReplay.ProblemAsync(HttpStatusCode.Unauthorized);
        using var me = await _http.SendAsync(HttpMethod.Get, "/api/me", rotated.AccessToken);
        await me.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("a.b.c.d")]
    public async Task AMalformedOrUnknownRefreshTokenIsUnauthorized(string refreshToken)
    {
        using var response = await _http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LogoutEndsTheSessionForBothTokensButNotOtherDevices()
    {
        var email = ApiClient.UniqueEmail();
        var laptop = await _http.RegisterAsync(email);
        var phone = await _http.LoginAsync(email);

        using var logout = await _http.SendAsync(HttpMethod.Post, "/api/auth/logout", laptop.AccessToken, new { refreshToken = laptop.RefreshToken });
        await logout.ExpectAsync(HttpStatusCode.NoContent);

        using var refresh = await _http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = laptop.RefreshToken });
        await refresh.ProblemAsync(HttpStatusCode.Unauthorized);
        using var me = await _http.SendAsync(HttpMethod.Get, "/api/me", laptop.AccessToken);
        await me.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(email, (await _http.GetMeAsync(phone.AccessToken)).Email);
    }

    [Fact]
    public async Task LogoutNeedsAToken()
    {
        using var response = await _http.PostAsync("/api/auth/logout", null);
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task APasswordResetLinkArrivesByEmailAndWorksOnce()
    {
        var email = ApiClient.UniqueEmail("reset");
        var session = await _http.RegisterAsync(email);

        using var request = await _http.PostAsJsonAsync("/api/auth/password-reset/request", new { email });
        await request.ExpectAsync(HttpStatusCode.Accepted);
        var token = await ResetTokenFromMailboxAsync(email);

        const string newPassword = "a brand new passphrase";
        using var confirm = await _http.PostAsJsonAsync("/api/auth/password-reset/confirm", new { token, newPassword });
        await confirm.ExpectAsync(HttpStatusCode.NoContent);

        using var oldPassword = await _http.PostAsJsonAsync("/api/auth/login", new { email, password = ApiClient.StrongPassword });
        await oldPassword.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(session.UserId, (await _http.LoginAsync(email, newPassword)).UserId);
        using var oldSession = await _http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = session.RefreshToken });
        await oldSession.ProblemAsync(HttpStatusCode.Unauthorized);

        using var again = await _http.PostAsJsonAsync("/api/auth/password-reset/confirm", new { token, newPassword = "yet another passphrase" });
        Assert.EndsWith("/invalid-reset-token", (await again.ProblemAsync(HttpStatusCode.BadRequest)).ProblemType(), StringComparison.Ordinal);
        Assert.Equal(session.UserId, (await _http.LoginAsync(email, newPassword)).UserId);
    }

    [Fact]
    public async Task AResetRequestForAnUnknownEmailLooksTheSameAndSendsNothing()
    {
        var email = ApiClient.UniqueEmail("ghost");

        using var response = await _http.PostAsJsonAsync("/api/auth/password-reset/request", new { email });

        await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.DoesNotContain(await MailboxAsync(), message => message["to"]!.ToString() == email);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("nouser.nosecret")]
    [InlineData("")]
    public async Task AForgedResetTokenChangesNothing(string token)
    {
        var email = ApiClient.UniqueEmail();
        await _http.RegisterAsync(email);

        using var response = await _http.PostAsJsonAsync("/api/auth/password-reset/confirm", new { token, newPassword = "a brand new passphrase" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.ProblemAsync(HttpStatusCode.BadRequest);
        await _http.LoginAsync(email);
    }

    [Fact]
    public async Task AnAdminChangesRolesAndTheyApplyToTheUsersExistingToken()
    {
        var student = await _http.RegisterAsync();

        using var promote = await _http.SendAsync(HttpMethod.Put, $"/api/users/{student.UserId}/roles", fixture.Admin.AccessToken,
            new { roles = new[] { "instructor", "admin" } });

        await promote.ExpectAsync(HttpStatusCode.OK);
        var body = JsonNode.Parse(await promote.Content.ReadAsStringAsync())!;
        Assert.Equal(["instructor", "admin"], body["roles"]!.AsArray().Select(r => r!.ToString()));
        Assert.Equal(["instructor", "admin"], (await _http.GetMeAsync(student.AccessToken)).Roles);
        using var nowAdmin = await _http.SendAsync(HttpMethod.Get, "/api/users?email=" + Uri.EscapeDataString(fixture.AdminEmail), student.AccessToken);
        await nowAdmin.ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AStudentCannotChangeRolesNotEvenTheirOwn()
    {
        var student = await _http.RegisterAsync();

        using var response = await _http.SendAsync(HttpMethod.Put, $"/api/users/{student.UserId}/roles", student.AccessToken,
            new { roles = new[] { "admin" } });

        await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(["student"], (await _http.GetMeAsync(student.AccessToken)).Roles);
    }

    [Fact]
    public async Task RoleChangesNeedAKnownUserAndKnownRoles()
    {
        var student = await _http.RegisterAsync();

        using var unknownUser = await _http.SendAsync(HttpMethod.Put, "/api/users/no-such-user/roles", fixture.Admin.AccessToken, new { roles = new[] { "mentor" } });
        await unknownUser.ProblemAsync(HttpStatusCode.NotFound);
        using var unknownRole = await _http.SendAsync(HttpMethod.Put, $"/api/users/{student.UserId}/roles", fixture.Admin.AccessToken, new { roles = new[] { "root" } });
        Assert.NotEmpty((await unknownRole.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("roles"));
        using var noRoles = await _http.SendAsync(HttpMethod.Put, $"/api/users/{student.UserId}/roles", fixture.Admin.AccessToken, new { roles = Array.Empty<string>() });
        await noRoles.ProblemAsync(HttpStatusCode.BadRequest);
        using var demoteSelf = await _http.SendAsync(HttpMethod.Put, $"/api/users/{fixture.Admin.UserId}/roles", fixture.Admin.AccessToken, new { roles = new[] { "student" } });
        await demoteSelf.ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(["student"], (await _http.GetMeAsync(student.AccessToken)).Roles);
        Assert.Equal(["admin"], (await _http.GetMeAsync(fixture.Admin.AccessToken)).Roles);
    }

    [Fact]
    public async Task AnAdminFindsUsersByEmailAndAStudentMayNot()
    {
        var email = ApiClient.UniqueEmail();
        var student = await _http.RegisterAsync(email, displayName: "Findable");

        using var found = await _http.SendAsync(HttpMethod.Get, "/api/users?email=" + Uri.EscapeDataString(email.ToUpperInvariant()), fixture.Admin.AccessToken);
        await found.ExpectAsync(HttpStatusCode.OK);
        var page = JsonNode.Parse(await found.Content.ReadAsStringAsync())!;
        Assert.Equal(1, page["total"]!.GetValue<int>());
        Assert.Equal(student.UserId, page["items"]![0]!["userId"]!.ToString());

        using var forbidden = await _http.SendAsync(HttpMethod.Get, "/api/users?email=" + Uri.EscapeDataString(email), student.AccessToken);
        await forbidden.ProblemAsync(HttpStatusCode.Forbidden);
        using var tooBig = await _http.SendAsync(HttpMethod.Get, "/api/users?email=x@example.com&pageSize=101", fixture.Admin.AccessToken);
        await tooBig.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MeWithoutATokenIsUnauthorized()
    {
        using var response = await _http.GetAsync("/api/me");
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<string> ResetTokenFromMailboxAsync(string email)
    {
        var message = await Eventually.Until(
            async () => (await MailboxAsync()).FirstOrDefault(m => m["to"]!.ToString() == email && m["text"]!.ToString().Contains("/reset-password?token=", StringComparison.Ordinal)),
            found => found is not null,
            TimeSpan.FromSeconds(10),
            "the password reset email");
        var text = message!["text"]!.ToString();
        var link = text.Split('\n').Single(line => line.Contains("/reset-password?token=", StringComparison.Ordinal)).Trim();
        Assert.StartsWith(fixture.App.BaseAddress.ToString().TrimEnd('/') + "/reset-password?token=", link, StringComparison.Ordinal);
        Assert.Contains(WebUtilityEncode(link), message["html"]!.ToString(), StringComparison.Ordinal);
        return Uri.UnescapeDataString(link.Split("?token=")[1]);
    }

    private static string WebUtilityEncode(string text) => System.Net.WebUtility.HtmlEncode(text);

    private async Task<IReadOnlyList<JsonNode>> MailboxAsync()
    {
        using var response = await _http.SendAsync(HttpMethod.Get, "/dev/mailbox", fixture.Admin.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray().Select(m => m!).ToList();
    }

    [Fact]
    public async Task ChangingThePasswordKeepsThisSessionEndsTheOthersAndRefusesAWrongCurrentOne()
    {
        var email = ApiClient.UniqueEmail("changer");
        var here = await _http.RegisterAsync(email);
        var elsewhere = await _http.LoginAsync(email);
        const string NewPassword = "a brand new long passphrase";

        var wrong = await (await _http.SendAsync(HttpMethod.Post, "/api/me/password", here.AccessToken,
            new { currentPassword = "not my password at all", newPassword = NewPassword })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(wrong["errors"]!["currentPassword"]);
        var weak = await (await _http.SendAsync(HttpMethod.Post, "/api/me/password", here.AccessToken,
            new { currentPassword = ApiClient.StrongPassword, newPassword = "short" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(weak["errors"]!["newPassword"]);

        using (var changed = await _http.SendAsync(HttpMethod.Post, "/api/me/password", here.AccessToken,
            new { currentPassword = ApiClient.StrongPassword, newPassword = NewPassword }))
        {
            await changed.ExpectAsync(HttpStatusCode.NoContent);
        }
        Assert.Equal(email, (await _http.GetMeAsync(here.AccessToken)).Email);
        using (var other = await _http.SendAsync(HttpMethod.Get, "/api/me", elsewhere.AccessToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        }
        using (var oldPassword = await _http.PostAsJsonAsync("/api/auth/login", new { email, password = ApiClient.StrongPassword }))
        {
            await oldPassword.ProblemAsync(HttpStatusCode.Unauthorized);
        }
        await _http.LoginAsync(email, NewPassword);
    }

    [Fact]
    public async Task TokenAnswersAreNeverCached()
    {
        var email = ApiClient.UniqueEmail("nocache");
        using var registered = await _http.PostAsJsonAsync("/api/auth/register", new { email, password = ApiClient.StrongPassword, displayName = "No Cache" });
        await registered.ExpectAsync(HttpStatusCode.Created);
        using var login = await _http.PostAsJsonAsync("/api/auth/login", new { email, password = ApiClient.StrongPassword });
        await login.ExpectAsync(HttpStatusCode.OK);
        foreach (var answer in new[] { registered, login })
        {
            Assert.True(answer.Headers.CacheControl?.NoStore, $"{answer.RequestMessage!.RequestUri} answered Cache-Control: {answer.Headers.CacheControl}");
        }
    }
}
