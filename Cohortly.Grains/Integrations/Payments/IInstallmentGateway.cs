using Cohortly.Payments;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// What an installment plan needs of the gateway beyond the checkout: taking a later charge from the card saved at
/// checkout, and a page to pay the remaining balance on. Outcomes come back as signed webhooks (Stripe's
/// <c>invoice.paid</c> / <c>invoice.payment_failed</c>), never as this call's answer.
/// </summary>
public interface IInstallmentGateway
{
    /// <summary>Idempotent per <see cref="ChargeAttempt.AttemptId"/>: asking again after a crash or a timeout never charges twice.</summary>
    Task ChargeSavedCardAsync(string paymentId, ChargeAttempt attempt, string currency, CancellationToken cancellationToken = default);

    /// <summary>Where the payer pays <paramref name="amountMinor"/>, the rest of the schedule, at once.</summary>
    Task<string> BalanceCheckoutUrlAsync(string paymentId, long amountMinor, string currency, CancellationToken cancellationToken = default);
}
