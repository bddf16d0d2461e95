using Cohortly.Payments;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// The embedded gateway's record of one subscription, keyed by our subscription id: what Stripe Billing keeps (the card
/// on file, the period, whether it renews) and the renewals it charges on its own reminder, one invoice per period.
/// </summary>
[Alias("cohortly.payments.test-gateway-subscription")]
public interface ITestGatewaySubscriptionGrain : IGrainWithStringKey
{
    /// <summary>Idempotent: a retried checkout opens the same one.</summary>
    [Alias("open")]
    Task OpenAsync(TestSubscriptionCharge subscription, DateTimeOffset checkoutExpiresAt);

    /// <summary>
    /// The first payment with a test card: a success queues <c>checkout.session.completed</c> and <c>invoice.paid</c> for
    /// <paramref name="webhookUrl"/>; a decline is answered at once (422, as Stripe's checkout page shows it) and charges nothing.
    /// </summary>
    [Alias("charge")]
    Task ChargeAsync(TestCardOutcome outcome, string webhookUrl);

    /// <summary>The portal's "change card": a working card is charged at once for a renewal that failed.</summary>
    [Alias("change-card")]
    Task ChangeCardAsync(TestCardOutcome outcome);

    /// <summary>Turns renewal off or on, and owes Cohortly the <c>customer.subscription.updated</c> Stripe would send.</summary>
    [Alias("set-cancel-at-period-end")]
    Task SetCancelAtPeriodEndAsync(bool cancel);

    /// <summary>Whether a test card is on file and works, for the stand-in portal page.</summary>
    [Alias("card-works")]
    Task<bool?> CardWorksAsync();
}
