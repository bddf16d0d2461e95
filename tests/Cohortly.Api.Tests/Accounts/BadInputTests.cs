using System.Net;
using System.Net.Http.Json;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Accounts;

/// <summary>Every refusal is a 4xx problem with a reason, and a refused request leaves no trace.</summary>
[Collection(EmbeddedAppCollection.Name)]
public sealed class BadInputTests(EmbeddedAppFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Theory]
    [InlineData("/api/auth/register")]
    [InlineData("/api/auth/login")]
    [InlineData("/api/auth/refresh")]
    [InlineData("/api/auth/password-reset/request")]
    [InlineData("/api/auth/password-reset/confirm")]
    public async Task MalformedJsonIsABadRequestWithAReason(string path)
    {
        using var response = await _http.PostAsync(path, ApiClient.RawJson("{\"email\": \"a@example.com\", "));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.ToString()));
    }

    [Fact]
    public async Task AWrongContentTypeIsUnsupported()
    {
        using var response = await _http.PostAsync("/api/auth/login", new StringContent("email=a@example.com", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task MissingFieldsAreNamed()
    {
        using var response = await _http.PostAsync("/api/auth/register", ApiClient.RawJson("{}"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("email"));
        Assert.NotEmpty(problem.FieldErrors("password"));
        Assert.NotEmpty(problem.FieldErrors("displayName"));
    }

    [Fact]
    public async Task ATenMegabyteBodyIsRefusedAsTooLarge()
    {
        var huge = new string('x', 10 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/register")
        {
            Content = ApiClient.RawJson($"{{\"email\":\"big@example.com\",\"password\":\"{huge}\",\"displayName\":\"Big\"}}"),
        };
        // As curl does for large bodies: the server refuses on the declared length, before the upload.
        request.Headers.ExpectContinue = true;
        using var response = await _http.SendAsync(request);

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        using var login = await _http.PostAsJsonAsync("/api/auth/login", new { email = "big@example.com", password = "whatever it was" });
        await login.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string, string, string, string> RejectedRegistrations => new()
    {
        { "email", "not-an-email", ApiClient.StrongPassword, "Name" },
        { "email", "two@@example.com", ApiClient.StrongPassword, "Name" },
        { "email", "spaces in@example.com", ApiClient.StrongPassword, "Name" },
        { "email", "Someone <someone@example.com>", ApiClient.StrongPassword, "Name" },
        { "email", new string('a', 250) + "@example.com", ApiClient.StrongPassword, "Name" },
        { "displayName", "{email}", ApiClient.StrongPassword, new string('n', 101) },
        { "displayName", "{email}", ApiClient.StrongPassword, "   " },
        { "displayName", "{email}", ApiClient.StrongPassword, "bell\u0007" },
        { "password", "{email}", "short", "Name" },
        { "password", "{email}", "1234567", "Name" },
        { "password", "{email}", "password1", "Name" },
        { "password", "{email}", "qwertyuiop", "Name" },
        { "password", "{email}", new string('p', 129), "Name" },
        { "password", "{email}", "Long Enough Name", "Long Enough Name" },
    };

    [Theory]
    [MemberData(nameof(RejectedRegistrations))]
    public async Task InvalidRegistrationsAreRefusedFieldByFieldAndCreateNothing(string field, string email, string password, string displayName)
    {
        email = email == "{email}" ? ApiClient.UniqueEmail() : email;

        using var response = await _http.PostAsJsonAsync("/api/auth/register", new { email, password, displayName });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors(field));
        using var login = await _http.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.True(login.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, $"login answered {login.StatusCode}");
    }

    [Fact]
    public async Task SixtyFourCharacterPassphrasesWithSpacesAndEmojiAreWelcome()
    {
        var email = ApiClient.UniqueEmail();
        var password = "a passphrase with spaces 🦉 " + new string('x', 36);

        await _http.RegisterAsync(email, password);

        await _http.LoginAsync(email, password);
    }

    [Fact]
    public async Task AWeakNewPasswordIsRefusedAtReset()
    {
        using var response = await _http.PostAsJsonAsync("/api/auth/password-reset/confirm", new { token = "someone.secret", newPassword = "12345678" });

        Assert.NotEmpty((await response.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("newPassword"));
    }

    [Fact]
    public async Task AnUnknownApiPathIsANotFoundProblemNotTheWebApp()
    {
        using var response = await _http.GetAsync("/api/does-not-exist");
        await response.ProblemAsync(HttpStatusCode.NotFound);
    }
}
