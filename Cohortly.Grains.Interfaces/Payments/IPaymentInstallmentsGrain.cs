using Cohortly.Common;

namespace Cohortly.Payments;

/// <summary>
/// The installment plan of one payment: the same grain as <see cref="IPaymentGrain"/> (same key, same activation, one
/// state), seen through its schedule methods. Later charges run on a reminder of that grain; a failed one starts the
/// grace period, after which the payer's access is suspended until it is paid.
/// </summary>
[Alias("cohortly.payments.payment-installments")]
public interface IPaymentInstallmentsGrain : IGrainWithStringKey
{
    /// <summary>
    /// A verified <c>invoice.paid</c> / <c>invoice.payment_failed</c> for a later charge. Each event id and each gateway
    /// charge id is applied once. Returns whether it changed the schedule.
    /// </summary>
    [Alias("apply-gateway-charge")]
    Task<bool> ApplyGatewayChargeAsync(GatewayChargeEvent charge);

    /// <summary>
    /// The payer (404 for anyone else): everything left of the schedule, payable at once on the returned page. 409
    /// <c>nothing-to-pay</c> when no charge is left, 422 <c>not-an-installment-plan</c> for a payment in full.
    /// </summary>
    [Alias("pay-remaining")]
    Task<BalanceCheckout> PayRemainingAsync(Caller caller);

    /// <summary>
    /// The payer, on the payment's page, with a card: what is owed now (the remaining balance once asked for, otherwise
    /// the failed and overdue charges), each as a new attempt. Null when nothing of a plan is owed, so the page pays the
    /// checkout itself.
    /// </summary>
    [Alias("begin-owed-payment")]
    Task<OwedCharges?> BeginOwedPaymentAsync(Caller caller);
}
