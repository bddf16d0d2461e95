using System.Security.Claims;
using Cohortly.Common;

namespace Cohortly.Frontend.Accounts;

/// <summary>Claim names in our access tokens (inbound claim mapping is off, so they arrive as written).</summary>
public static class CallerClaims
{
    public const string UserId = "sub";
    public const string SessionId = "sid";
    public const string Name = "name";
    public const string Email = "email";
    public const string Role = "role";

    /// <summary>The caller's user id; endpoints that call this require authentication, so it is always present.</summary>
    public static string UserIdOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(UserId) ?? throw new InvalidOperationException("An authenticated caller has no subject claim.");

    /// <summary>The caller as grains see it; the roles were re-read from the user grain when this request's token was validated.</summary>
    public static Caller ToCaller(this ClaimsPrincipal user) =>
        new(user.UserIdOf(), user.FindFirstValue(Name) ?? "", [.. user.FindAll(Role).Select(claim => claim.Value)]);
}
