using System.ComponentModel.DataAnnotations;

namespace Cohortly.Integrations.Payments;

/// <summary>The <c>Cohortly:Payments:Subscriptions</c> section: the plans' prices and how renewals are watched.</summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Cohortly:Payments:Subscriptions";

    [Range(50, 100_000_000, ErrorMessage = "Cohortly:Payments:Subscriptions:MonthlyPriceMinor must be between 50 and 100000000 minor units.")]
    public long MonthlyPriceMinor { get; set; } = 2_900;

    [Range(50, 1_000_000_000, ErrorMessage = "Cohortly:Payments:Subscriptions:YearlyPriceMinor must be between 50 and 1000000000 minor units.")]
    public long YearlyPriceMinor { get; set; } = 29_000;

    [RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "Cohortly:Payments:Subscriptions:Currency must be a three-letter ISO currency code.")]
    public string Currency { get; set; } = "USD";

    /// <summary>How long access lasts after a renewal fails before the included bootcamps are suspended.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "60.00:00:00", ErrorMessage = "Cohortly:Payments:Subscriptions:Grace must be between 0 and 60 days.")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often a subscription looks at its clock (period end, grace) and the embedded gateway at its renewals.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Cohortly:Payments:Subscriptions:CheckEvery must be between 1 second and 1 day.")]
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the embedded gateway waits before charging a failed renewal again (Stripe's smart retries take days).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Cohortly:Payments:Subscriptions:RetryEvery must be between 1 second and 7 days.")]
    public TimeSpan RetryEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long a subscription's checkout stays open (Stripe allows 30 minutes to 24 hours).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Cohortly:Payments:Subscriptions:CheckoutExpiry must be between 1 second and 1 day.")]
    public TimeSpan CheckoutExpiry { get; set; } = TimeSpan.FromHours(1);

    public long PriceOf(Cohortly.Payments.SubscriptionPlan plan) =>
        plan == Cohortly.Payments.SubscriptionPlan.Yearly ? YearlyPriceMinor : MonthlyPriceMinor;
}
