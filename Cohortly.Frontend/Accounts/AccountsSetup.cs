using System.Security.Claims;
using Cohortly.Accounts;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.Silo.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cohortly.Frontend.Accounts;

public static class AccountsSetup
{
    /// <summary>The cookie that carries an admin's token to the Orleans dashboard, which a browser opens by navigation.</summary>
    public const string DashboardCookie = "cohortly_dashboard";

    public static IHostApplicationBuilder AddCohortlyAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => SigningKey.Load(
            sp.GetRequiredService<IOptions<AuthOptions>>().Value, builder.Configuration.ReadCohortlyOptions()));
        services.AddSingleton<TokenService>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<PublicUrl>();
        services.AddSingleton<AccountServices>();
        services.AddHomeCard<SignUpsHomeCard>();
        services.AddSingleton<PasswordResetRequests>();
        services.AddHostedService(sp => sp.GetRequiredService<PasswordResetRequests>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = ReadTokenFromQueryOrDashboardCookie,
                OnTokenValidated = CheckSessionIsAliveAsync,
            };
        });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((jwt, tokens) => jwt.TokenValidationParameters = tokens.ValidationParameters());
        services.AddAuthorizationBuilder()
            .AddPolicy(AuthPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        services.AddRateLimiter(limiter => limiter.AddPolicy(AuthRateLimits.PolicyName, http => RateLimits.PerMinute(
            "auth:" + RateLimits.ClientAddress(http), http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.ClientRequestsPerMinute)));
        return builder;
    }

    private static Task ReadTokenFromQueryOrDashboardCookie(MessageReceivedContext context)
    {
        var path = context.HttpContext.Request.Path;
        // Browsers cannot set headers on WebSocket upgrades, so SignalR sends the token in the query string.
        if (path.StartsWithSegments("/hubs") && context.Request.Query["access_token"].FirstOrDefault() is { Length: > 0 } queryToken)
        {
            context.Token = queryToken;
        }
        else if (path.StartsWithSegments("/dashboard") && context.Request.Cookies[DashboardCookie] is { Length: > 0 } cookieToken)
        {
            context.Token = cookieToken;
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A signature proves who issued a token, not that its session is still open. One grain call per request
    /// makes logout, password reset and role changes take effect at once instead of when the token expires.
    /// </summary>
    private static async Task CheckSessionIsAliveAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var userId = principal.FindFirst(CallerClaims.UserId)?.Value;
        var sessionId = principal.FindFirst(CallerClaims.SessionId)?.Value;
        if (userId is null || sessionId is null)
        {
            context.Fail("The token names no user or session.");
            return;
        }
        var cluster = context.HttpContext.RequestServices.GetRequiredService<IClusterClient>();
        var access = await cluster.GetGrain<IUserGrain>(userId).GetAccessContextAsync(sessionId);
        if (access is null)
        {
            context.Fail("The session has ended.");
            return;
        }
        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var stale in identity.FindAll(CallerClaims.Role).ToList())
        {
            identity.RemoveClaim(stale);
        }
        identity.AddClaims(access.Roles.Select(role => new Claim(CallerClaims.Role, role)));
    }
}
