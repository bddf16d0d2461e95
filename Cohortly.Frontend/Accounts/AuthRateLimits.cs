namespace Cohortly.Frontend.Accounts;

public static class AuthRateLimits
{
    public const string PolicyName = "auth";
}
