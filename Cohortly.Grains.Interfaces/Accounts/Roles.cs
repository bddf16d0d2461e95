using System.Collections.Immutable;

namespace Cohortly.Accounts;

/// <summary>The roles a user can hold. Stored and sent as these lower-case strings.</summary>
public static class Roles
{
    public const string Student = "student";
    public const string Instructor = "instructor";
    public const string Mentor = "mentor";
    public const string Admin = "admin";

    public static readonly ImmutableArray<string> All = [Student, Instructor, Mentor, Admin];

    public static bool IsKnown(string role) => All.Contains(role);

    /// <summary>Known roles, de-duplicated, in the canonical order of <see cref="All"/>.</summary>
    public static ImmutableArray<string> Normalize(IEnumerable<string> roles)
    {
        var wanted = roles.ToHashSet(StringComparer.Ordinal);
        return All.Where(wanted.Contains).ToImmutableArray();
    }
}
