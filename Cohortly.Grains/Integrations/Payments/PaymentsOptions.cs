using System.ComponentModel.DataAnnotations;

namespace Cohortly.Integrations.Payments;

/// <summary>The <c>Cohortly:Payments</c> section: how the product treats a checkout, whichever gateway runs it.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Cohortly:Payments";

    /// <summary>How long a checkout keeps its seat (and its coupon use) before it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Cohortly:Payments:SeatHold must be between 1 second and 1 day.")]
    public TimeSpan SeatHold { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the reconciler compares every payment with the gateway's record and repairs drift.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Cohortly:Payments:ReconcileEvery must be between 1 second and 7 days.")]
    public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How long the embedded test gateway waits before its first webhook delivery (Stripe's arrive within seconds): a
    /// delay shows a checkout waiting on its webhook, and lets tests stop the process before it arrives.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Cohortly:Payments:TestGatewayWebhookDelay must be between 0 and 1 day.")]
    public TimeSpan TestGatewayWebhookDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How long a failed installment is retried (on days 1, 3 and 5 of 7, scaled) before the payer's access is suspended.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "60.00:00:00", ErrorMessage = "Cohortly:Payments:InstallmentGrace must be between 1 second and 60 days.")]
    public TimeSpan InstallmentGrace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Time between installments; unset means a calendar month. Only demos and tests shorten it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "366.00:00:00", ErrorMessage = "Cohortly:Payments:InstallmentInterval must be between 1 second and 366 days.")]
    public TimeSpan? InstallmentInterval { get; set; }
}

/// <summary>The <c>Cohortly:Stripe</c> section. Unset <see cref="SecretKey"/> means the embedded test gateway.</summary>
public sealed class StripeOptions
{
    public const string Section = "Cohortly:Stripe";

    /// <summary>Stripe's secret API key (<c>sk_live_…</c>, <c>sk_test_…</c>).</summary>
    public string? SecretKey { get; set; }

    /// <summary>The signing secret of the webhook endpoint (<c>whsec_…</c>); required with <see cref="SecretKey"/>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Another API address (a local stub in tests); Stripe's own when unset.</summary>
    [Url]
    public string? ApiBase { get; set; }

    /// <summary>Where Stripe Checkout sends the buyer back, e.g. <c>https://cohortly.example</c>; required with <see cref="SecretKey"/>.</summary>
    [Url]
    public string? PublicUrl { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(SecretKey);
}

/// <summary>The rule data annotations cannot say: a Stripe key needs its webhook secret and a public address.</summary>
public sealed class StripeOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<StripeOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, StripeOptions options)
    {
        if (!options.Configured)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(options.WebhookSecret))
        {
            missing.Add($"{StripeOptions.Section}:WebhookSecret must be set with {StripeOptions.Section}:SecretKey.");
        }
        if (string.IsNullOrWhiteSpace(options.PublicUrl))
        {
            missing.Add($"{StripeOptions.Section}:PublicUrl must be set with {StripeOptions.Section}:SecretKey.");
        }
        return missing.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(missing);
    }
}
