using System.ComponentModel.DataAnnotations;
using Cohortly.Accounts;
using Cohortly.Frontend.Infrastructure.OpenApi;

namespace Cohortly.Frontend.Accounts;

// Request fields are nullable so a missing field is reported as a field error, not as an unreadable body. [Required] marks,
// for the published schema, the fields those checks demand; the endpoints' FieldErrors are what enforce them.
public sealed record RegisterRequest([property: Required] string? Email, [property: Required] string? Password, [property: Required] string? DisplayName);

public sealed record LoginRequest([property: Required] string? Email, [property: Required] string? Password);

public sealed record RefreshRequest([property: Required] string? RefreshToken);

public sealed record LogoutRequest(string? RefreshToken);

public sealed record PasswordResetRequestBody([property: Required] string? Email);

public sealed record ChangePasswordRequest([property: Required] string? CurrentPassword, [property: Required] string? NewPassword);

public sealed record PasswordResetConfirmRequest([property: Required] string? Token, [property: Required] string? NewPassword);

public sealed record SetRolesRequest(
    [property: Required, EnumValues(Cohortly.Accounts.Roles.Student, Cohortly.Accounts.Roles.Instructor, Cohortly.Accounts.Roles.Mentor, Cohortly.Accounts.Roles.Admin)]
    IReadOnlyList<string>? Roles);

public sealed record UserResponse(
    string UserId,
    string Email,
    string DisplayName,
    [property: EnumValues(Cohortly.Accounts.Roles.Student, Cohortly.Accounts.Roles.Instructor, Cohortly.Accounts.Roles.Mentor, Cohortly.Accounts.Roles.Admin)]
    IReadOnlyList<string> Roles)
{
    public static UserResponse From(UserProfile profile) =>
        new(profile.UserId, profile.Email, profile.DisplayName, profile.Roles);
}

public sealed record SignUpResponse(string UserId, string DisplayName, string Email, DateTimeOffset At);

/// <summary>Accounts registered and the latest sign-ups. <c>countedFromStart</c> false: accounts older than the count exist, <c>users</c> is a lower bound.</summary>
public sealed record SignUpsCard(int Users, bool CountedFromStart, IReadOnlyList<SignUpResponse> Recent);
