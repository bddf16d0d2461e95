using Cohortly.Common;

namespace Cohortly.Payments;

/// <summary>
/// Walks every payment (bootcamp by bootcamp, a page at a time), has each compare itself with the gateway and repair
/// drift, and reports what it fixed. Runs on a reminder every <c>Cohortly:Payments:ReconcileEvery</c> and for admins.
/// </summary>
[Alias("cohortly.payments.payment-reconciler")]
public interface IPaymentReconcilerGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>Admins only. It walks every payment, so it may take far longer than the front end's call timeout.</summary>
    [Alias("reconcile"), ResponseTimeout("00:10:00")]
    Task<ReconcileReport> ReconcileAsync(Caller caller);

    /// <summary>Arms the reminder at the configured period (each silo asks once it is active).</summary>
    [Alias("ensure-scheduled")]
    Task EnsureScheduledAsync();
}
