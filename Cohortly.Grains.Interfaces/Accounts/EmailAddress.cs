namespace Cohortly.Accounts;

public static class EmailAddress
{
    /// <summary>The form an address is indexed and throttled under: trimmed and lower-cased.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
