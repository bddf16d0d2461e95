using System.Collections.Immutable;

namespace Cohortly.Common;

/// <summary>
/// Who is calling, as the front end established it from a validated token whose roles were re-read from
/// the user grain on this very request. Grains decide relationships (staff of, enrolled in) themselves.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.common.caller")]
public sealed record Caller(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] ImmutableArray<string> Roles)
{
    public bool IsAdmin => Roles.Contains(Accounts.Roles.Admin);

    public bool Has(string role) => Roles.Contains(role);
}
