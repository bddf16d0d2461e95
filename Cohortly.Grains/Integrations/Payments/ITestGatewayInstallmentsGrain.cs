using Cohortly.Payments;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// The embedded gateway's side of an installment plan: the same grain as <see cref="ITestGatewaySessionGrain"/> (keyed by
/// our payment id), charging the card saved at checkout and owing Stripe's <c>invoice.paid</c> /
/// <c>invoice.payment_failed</c> for each charge, delivered durably like the session's other events.
/// </summary>
[Alias("cohortly.payments.test-gateway-installments")]
public interface ITestGatewayInstallmentsGrain : IGrainWithStringKey
{
    /// <summary>Charges the saved card once per attempt id; a repeat changes nothing.</summary>
    [Alias("charge-saved-card")]
    Task ChargeSavedCardAsync(ChargeAttempt attempt, string currency);

    /// <summary>The payer's new card, typed on the payment's page: it is saved for later charges and pays what is owed now.</summary>
    [Alias("pay-owed")]
    Task PayOwedAsync(OwedCharges owed, TestCardOutcome card, string webhookUrl);
}
