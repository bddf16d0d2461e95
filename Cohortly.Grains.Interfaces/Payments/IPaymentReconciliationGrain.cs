namespace Cohortly.Payments;

/// <summary>
/// The payment grain's side of the reconciler (the same activation as <see cref="IPaymentGrain"/>, keyed by payment id):
/// it compares itself with the gateway's record of its checkout and repairs what drifted.
/// </summary>
[Alias("cohortly.payments.payment-reconciliation")]
public interface IPaymentReconciliationGrain : IGrainWithStringKey
{
    [Alias("reconcile")]
    Task<PaymentRepair> ReconcileAsync();
}
