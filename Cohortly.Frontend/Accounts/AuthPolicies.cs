namespace Cohortly.Frontend.Accounts;

public static class AuthPolicies
{
    public const string Admin = "admin";
}
