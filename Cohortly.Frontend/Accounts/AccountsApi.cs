using System.Net.Mail;
using Cohortly.Accounts;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Cohortly.Frontend.Accounts;

/// <summary>What the account endpoints need, bundled so each handler takes one parameter.</summary>
public sealed class AccountServices(
    IClusterClient cluster,
    TokenService tokens,
    Passwords passwords,
    PasswordPolicy policy,
    IOptions<AuthOptions> auth)
{
    public IClusterClient Cluster { get; } = cluster;
    public TokenService Tokens { get; } = tokens;
    public Passwords Passwords { get; } = passwords;
    public PasswordPolicy Policy { get; } = policy;
    public AuthOptions Auth { get; } = auth.Value;

    public IUserGrain User(string userId) => Cluster.GetGrain<IUserGrain>(userId);

    public IEmailIndexGrain EmailIndex(string email) => Cluster.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email));
}

public static class AccountsApi
{
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 100;

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Accounts").RequireRateLimiting(AuthRateLimits.PolicyName)
            .AddEndpointFilter(NoStoreAsync);
        auth.MapPost("/register", RegisterAsync).WithName("Register").WithSummary("Create an account; the first one on an empty system is an admin.")
            .WithDescription("Public. Creates the account and signs it in. The first account on an empty system is an admin, later ones are students. " +
                "409 `email-taken` when the address has an account; field errors name a weak or common password.")
            .ProducesProblems(StatusCodes.Status409Conflict);
        auth.MapPost("/login", LoginAsync).WithName("Login").WithSummary("Exchange email and password for tokens.")
            .WithDescription("Public. 401 `invalid-credentials` whether the email is unknown or the password wrong. " +
                "Repeated failures lock the account's sign-in for a while: 429 `too-many-attempts` with Retry-After.")
            .ProducesProblems(StatusCodes.Status401Unauthorized);
        auth.MapPost("/refresh", RefreshAsync).WithName("Refresh").WithSummary("Rotate a refresh token into a new token pair.")
            .WithDescription("Public. Each refresh token works once: the answer carries a new pair. A used, revoked or expired token is 401 `invalid-refresh-token`.")
            .ProducesProblems(StatusCodes.Status401Unauthorized);
        auth.MapPost("/logout", LogoutAsync).WithName("Logout").WithSummary("End the caller's session.").RequireAuthorization()
            .WithDescription("Revokes the session of the access token: its refresh token stops working and the access token is refused from now on.");
        auth.MapPost("/password-reset/request", RequestPasswordReset).WithName("RequestPasswordReset").WithSummary("Email a single-use reset link.")
            .WithDescription("Public. Always 202, whether or not the address has an account, so the form cannot be used to find accounts. " +
                "The email links to `/reset-password?token=…`; the token expires and works once.");
        auth.MapPost("/password-reset/confirm", ConfirmPasswordResetAsync).WithName("ConfirmPasswordReset").WithSummary("Set a new password with a reset token.")
            .WithDescription("Public. Sets the password and ends every session of the account. A used, replaced or expired token is 400 `invalid-reset-token`.");

        app.MapGet("/api/me", GetMeAsync).WithTags("Accounts").WithName("GetMe").WithSummary("The caller's account.").RequireAuthorization()
            .WithDescription("The signed-in user's id, email, display name and roles.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        app.MapPost("/api/me/password", ChangePasswordAsync).WithTags("Accounts").WithName("ChangePassword").WithSummary("Change the caller's password.")
            .RequireAuthorization()
            .WithDescription("The calling session stays signed in; every other session of the account ends, with its live connections. " +
                "A wrong current password is 400 with a field error on `currentPassword`; repeated wrong ones lock like sign-in (429 `too-many-attempts` with Retry-After).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests);

        var users = app.MapGroup("/api/users").WithTags("Accounts").RequireAuthorization(AuthPolicies.Admin);
        users.MapGet("/", FindUsersAsync).WithName("FindUsers").WithSummary("Search users by name or email (admin).")
            .WithDescription("Admins. A page of users whose display name or email holds every word of `q` (any case), by name; no `q` lists everyone. " +
                "`email` instead looks up the one account with exactly that address.");
        users.MapPut("/{userId}/roles", SetRolesAsync).WithName("SetRoles").WithSummary("Replace a user's roles (admin).")
            .WithDescription("Admins. Replaces the user's roles with the given set; the user's sessions see the change on their next request. " +
                "An admin cannot drop their own admin role (409 `cannot-demote-self`); an unknown user is 404.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<Created<AuthTokens>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, AccountServices services)
    {
        var errors = new FieldErrors();
        var email = ValidateEmail(errors, request.Email);
        var displayName = request.DisplayName?.Trim();
        errors.RequireText("displayName", displayName, MaxDisplayNameLength);
        if (services.Policy.Check(request.Password, email, displayName) is { } passwordProblem)
        {
            errors.Add("password", passwordProblem);
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var account = new NewAccount(email!, displayName!, await services.Passwords.HashAsync(request.Password!));
        var result = await services.EmailIndex(email!).RegisterAsync(account);
        if (!result.Created)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "email-taken", "An account with this email already exists.");
        }
        var grant = await services.User(result.Profile!.UserId).StartSessionAsync(services.Auth.FirstRefreshLifetime);
        return TypedResults.Created("/api/me", services.Tokens.Issue(grant));
    }

    public static async Task<Results<Ok<AuthTokens>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, AccountServices services)
    {
        var errors = new FieldErrors();
        errors.RequireText("email", request.Email, MaxEmailLength);
        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "Password is required.");
        }
        else if (request.Password.Length > PasswordPolicy.MaxLength * 2)
        {
            errors.Add("password", $"Password can be at most {PasswordPolicy.MaxLength} characters.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var throttle = services.Cluster.GetGrain<ILoginThrottleGrain>(EmailAddress.Normalize(request.Email!));
        // Reserved before the slow hash, not recorded after it: parallel guesses each take an attempt or wait.
        if (await throttle.ReserveAsync() is { } wait)
        {
            return TooManyAttempts(http, wait);
        }
        var userId = await services.EmailIndex(request.Email!).GetUserIdAsync();
        var credential = userId is null ? null : await services.User(userId).GetCredentialAsync();
        var verdict = await services.Passwords.VerifyAsync(credential?.PasswordHash, request.Password!);
        if (credential is null || verdict == PasswordVerificationResult.Failed)
        {
            return Problems.Create(StatusCodes.Status401Unauthorized, "invalid-credentials", "The email or password is wrong.");
        }
        await throttle.RecordSuccessAsync();
        var user = services.User(credential.Profile.UserId);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await user.UpgradePasswordHashAsync(credential.PasswordHash, await services.Passwords.HashAsync(request.Password!));
        }
        var grant = await user.StartSessionAsync(services.Auth.FirstRefreshLifetime);
        return TypedResults.Ok(services.Tokens.Issue(grant));
    }

    public static async Task<Results<Ok<AuthTokens>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, AccountServices services)
    {
        if (TokenService.TryParseRefreshToken(request.RefreshToken, out var userId, out var sessionId, out var secret)
            && await services.User(userId).RotateSessionAsync(sessionId, secret, services.Auth.RefreshTokenLifetime, services.Auth.SessionMaxLifetime) is { } grant)
        {
            return TypedResults.Ok(services.Tokens.Issue(grant));
        }
        return Problems.Create(StatusCodes.Status401Unauthorized, "invalid-refresh-token",
            "The refresh token is not valid: it was used already, revoked or has expired. Sign in again.");
    }

    public static async Task<NoContent> LogoutAsync(HttpContext http, AccountServices services)
    {
        var sessionId = http.User.FindFirst(CallerClaims.SessionId)?.Value;
        if (sessionId is not null)
        {
            await services.User(http.User.UserIdOf()).EndSessionAsync(sessionId);
        }
        return TypedResults.NoContent();
    }

    public static Results<Accepted, ValidationProblem> RequestPasswordReset(PasswordResetRequestBody request, PasswordResetRequests resets)
    {
        var errors = new FieldErrors();
        var email = ValidateEmail(errors, request.Email);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        // The same answer, as fast, whether or not the address has an account: the form cannot be used to probe for them.
        resets.Enqueue(email!);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ConfirmPasswordResetAsync(
        PasswordResetConfirmRequest request, AccountServices services)
    {
        var errors = new FieldErrors();
        var tokenParts = (request.Token ?? "").Split('.');
        if (tokenParts.Length != 2 || tokenParts.Any(string.IsNullOrEmpty) || request.Token!.Length > 200)
        {
            errors.Add("token", "token is missing or malformed.");
        }
        var profile = errors.Any ? null : await services.User(tokenParts[0]).GetProfileAsync();
        if (services.Policy.Check(request.NewPassword, profile?.Email, profile?.DisplayName) is { } passwordProblem)
        {
            errors.Add("newPassword", passwordProblem);
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var reset = profile is not null
            && await services.User(tokenParts[0]).ResetPasswordAsync(tokenParts[1], await services.Passwords.HashAsync(request.NewPassword!));
        return reset
            ? TypedResults.NoContent()
            : Problems.Create(StatusCodes.Status400BadRequest, "invalid-reset-token",
                "The reset link is not valid: it was used already, replaced by a newer one or has expired. Ask for a new one.");
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, HttpContext http, AccountServices services)
    {
        var user = services.User(http.User.UserIdOf());
        var credential = await user.GetCredentialAsync();
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(request.CurrentPassword) || request.CurrentPassword.Length > PasswordPolicy.MaxLength * 2)
        {
            errors.Add("currentPassword", "currentPassword is required.");
        }
        if (services.Policy.Check(request.NewPassword, credential?.Profile.Email, credential?.Profile.DisplayName) is { } passwordProblem)
        {
            errors.Add("newPassword", passwordProblem.Replace("password", "newPassword", StringComparison.Ordinal));
        }
        if (errors.Any || credential is null)
        {
            return errors.Any ? errors.ToProblem() : Problems.Create(StatusCodes.Status404NotFound, "not-found", "Your account no longer exists.");
        }
        // A stolen access token must not become a way to guess the password: the same throttle as sign-in.
        var throttle = services.Cluster.GetGrain<ILoginThrottleGrain>(EmailAddress.Normalize(credential.Profile.Email));
        if (await throttle.ReserveAsync() is { } wait)
        {
            return TooManyAttempts(http, wait);
        }
        if (await services.Passwords.VerifyAsync(credential.PasswordHash, request.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            return FieldErrors.Of("currentPassword", "The current password is wrong.").ToProblem();
        }
        await throttle.RecordSuccessAsync();
        var sessionId = http.User.FindFirst(CallerClaims.SessionId)?.Value ?? "";
        return await user.ChangePasswordAsync(credential.PasswordHash, await services.Passwords.HashAsync(request.NewPassword!), sessionId)
            ? TypedResults.NoContent()
            : Problems.Create(StatusCodes.Status409Conflict, "password-changed", "The password was changed meanwhile; sign in again.");
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetMeAsync(HttpContext http, AccountServices services)
    {
        var profile = await services.User(http.User.UserIdOf()).GetProfileAsync();
        return profile is null
            ? Problems.Create(StatusCodes.Status404NotFound, "not-found", "Your account no longer exists.")
            : TypedResults.Ok(UserResponse.From(profile));
    }

    public const int MaxUserQueryLength = 200;

    public static async Task<Results<Ok<Paged<UserResponse>>, ValidationProblem>> FindUsersAsync(
        string? q, string? email, int? page, int? pageSize, AccountServices services, [AsParameters] CallerContext context)
    {
        var paging = new PageRequest(page, pageSize);
        var errors = paging.Validate();
        if (email is { Length: 0 or > MaxEmailLength })
        {
            errors.Add("email", $"email, when given, is an address of at most {MaxEmailLength} characters.");
        }
        if (q is { Length: > MaxUserQueryLength })
        {
            errors.Add("q", $"q is at most {MaxUserQueryLength} characters.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        if (email is not null)
        {
            // An exact address goes straight to the account that owns it.
            var userId = await services.EmailIndex(email).GetUserIdAsync();
            var profile = userId is null ? null : await services.User(userId).GetProfileAsync();
            IReadOnlyList<UserResponse> found = profile is null ? [] : [UserResponse.From(profile)];
            var items = paging.PageNumber == 1 ? found : [];
            return TypedResults.Ok(new Paged<UserResponse>(items, paging.PageNumber, paging.Size, found.Count));
        }
        var slice = await context.Grain<IUserDirectoryReaderGrain>(IUserDirectoryReaderGrain.Key).SearchAsync(context.Caller, q, paging.PageNumber, paging.Size);
        return TypedResults.Ok(new Paged<UserResponse>([.. slice.Items.Select(UserResponse.From)], paging.PageNumber, paging.Size, slice.Total));
    }

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> SetRolesAsync(
        string userId, SetRolesRequest request, HttpContext http, AccountServices services)
    {
        var roles = request.Roles ?? [];
        if (roles.Count == 0 || roles.Count > Roles.All.Length * 2 || roles.Any(role => role is null || !Roles.IsKnown(role)))
        {
            return FieldErrors.Of("roles", $"roles must list at least one of: {string.Join(", ", Roles.All)}.").ToProblem();
        }
        if (userId.Length > 64)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "not-found", "There is no user with this id.");
        }
        var profile = await services.User(userId).SetRolesAsync(http.User.UserIdOf(), [.. roles]);
        return TypedResults.Ok(UserResponse.From(profile));
    }

    private static string? ValidateEmail(FieldErrors errors, string? email)
    {
        var trimmed = email?.Trim();
        if (!errors.RequireText("email", trimmed, MaxEmailLength))
        {
            return null;
        }
        if (!MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || trimmed!.Any(char.IsWhiteSpace)
            || !parsed.Host.Contains('.', StringComparison.Ordinal))
        {
            errors.Add("email", "Enter an email address like name@example.com.");
            return null;
        }
        return trimmed;
    }

    /// <summary>Token answers must not be kept by a browser cache or a proxy (RFC 6749 §5.1).</summary>
    private static ValueTask<object?> NoStoreAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        context.HttpContext.Response.Headers.Pragma = "no-cache";
        return next(context);
    }

    private static ProblemHttpResult TooManyAttempts(HttpContext http, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status429TooManyRequests, "too-many-attempts",
            "Too many failed sign-in attempts for this account.", $"Try again in {seconds} seconds.");
    }
}
