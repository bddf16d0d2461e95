namespace Cohortly.Payments;

/// <summary>The subscription state machine and the words for it, shared by the grains and the front end.</summary>
public static class SubscriptionRules
{
    /// <summary>The hold key a subscription puts on the enrollments that came through it.</summary>
    public static string HoldKeyOf(string subscriptionId) => $"subscription/{subscriptionId}";

    /// <summary>
    /// Canceled is final. Pending becomes active once paid (or canceled when its checkout lapses); active and past_due
    /// move between each other with failed and paid renewals.
    /// </summary>
    public static bool CanMove(SubscriptionStatus from, SubscriptionStatus to) => (from, to) switch
    {
        (SubscriptionStatus.Pending, SubscriptionStatus.Active or SubscriptionStatus.Canceled) => true,
        (SubscriptionStatus.Active, SubscriptionStatus.PastDue or SubscriptionStatus.Canceled) => true,
        (SubscriptionStatus.PastDue, SubscriptionStatus.Active or SubscriptionStatus.Canceled) => true,
        _ => false,
    };

    public static DateTimeOffset PeriodEndAfter(SubscriptionPlan plan, DateTimeOffset start) =>
        plan == SubscriptionPlan.Yearly ? start.AddYears(1) : start.AddMonths(1);

    public static string StatusName(SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.Pending => "pending",
        SubscriptionStatus.Active => "active",
        SubscriptionStatus.PastDue => "past_due",
        _ => "canceled",
    };

    public static string PlanName(SubscriptionPlan plan) => plan == SubscriptionPlan.Yearly ? "yearly" : "monthly";

    public static SubscriptionPlan? ParsePlan(string? plan) => plan?.Trim().ToLowerInvariant() switch
    {
        "monthly" => SubscriptionPlan.Monthly,
        "yearly" => SubscriptionPlan.Yearly,
        _ => null,
    };

    /// <summary>"3 March 2027": how people read a date in a sentence.</summary>
    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
