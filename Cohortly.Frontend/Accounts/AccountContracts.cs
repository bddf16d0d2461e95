using Cohortly.Accounts;

namespace Cohortly.Frontend.Accounts;

// Request fields are nullable so a missing field is reported as a field error, not as an unreadable body.
public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record LogoutRequest(string? RefreshToken);

public sealed record PasswordResetRequestBody(string? Email);

public sealed record PasswordResetConfirmRequest(string? Token, string? NewPassword);

public sealed record SetRolesRequest(IReadOnlyList<string>? Roles);

public sealed record UserResponse(string UserId, string Email, string DisplayName, IReadOnlyList<string> Roles)
{
    public static UserResponse From(UserProfile profile) =>
        new(profile.UserId, profile.Email, profile.DisplayName, profile.Roles);
}
