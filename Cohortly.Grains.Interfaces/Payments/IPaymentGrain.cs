using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Payments;

/// <summary>
/// One checkout, keyed by its payment id, with its state machine: pending → succeeded | failed | canceled | expired. It
/// holds the seat and the coupon from checkout until it ends, and enrolls its payer only once the gateway's verified
/// webhook says the money arrived (or at once when the total is 0).
/// </summary>
[Alias("cohortly.payments.payment")]
public interface IPaymentGrain : IGrainWithStringKey
{
    /// <summary>Students, for themselves. A retry by the same student with the same request answers the same payment.</summary>
    [Alias("checkout")]
    Task<PaymentView> CheckoutAsync(Caller caller, CheckoutRequest request);

    /// <summary>The payer and admins; NotFound for anyone else, so ids reveal nothing.</summary>
    [Alias("get")]
    Task<PaymentView> GetAsync(Caller caller);

    /// <summary>For lists whose reader already decided access; null for an id no checkout used.</summary>
    [Alias("get-summary"), ReadOnly]
    Task<PaymentView?> GetSummaryAsync();

    /// <summary>The payer, while the payment is pending: what the embedded gateway charges. Never takes the card number.</summary>
    [Alias("begin-test-charge")]
    Task<TestCharge> BeginTestChargeAsync(Caller caller);

    /// <summary>
    /// A verified gateway event. Each event id is applied once (a replay changes nothing); a transition the state machine
    /// does not allow is refused and logged. Returns whether it changed the payment. The enrollment that a success
    /// brings follows durably after this returns (a reminder retries it), so the webhook answers fast.
    /// </summary>
    [Alias("apply-gateway-event")]
    Task<bool> ApplyGatewayEventAsync(GatewayEvent gatewayEvent);

    /// <summary>Asked by the enrollment grain while this grain waits on it: the proof a paid enrollment needs.</summary>
    [Alias("get-proof"), AlwaysInterleave]
    Task<PaymentProof?> GetProofAsync();
}
