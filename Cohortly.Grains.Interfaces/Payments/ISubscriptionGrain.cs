using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Payments;

/// <summary>
/// One platform subscription, keyed by its id, with its state machine (pending → active ⇄ past_due → canceled). It is
/// activated, renewed and ended only by the gateway's verified webhooks and by its own clock (cancel at period end, the
/// grace of an unpaid renewal), and it suspends and restores the enrollments its owner made through it.
/// </summary>
[Alias("cohortly.payments.subscription")]
public interface ISubscriptionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Students, for themselves: opens the hosted checkout. A retry by the same student (the same Idempotency-Key) answers
    /// the same subscription; a student with a live subscription gets 409 <c>already-subscribed</c>.
    /// </summary>
    [Alias("start")]
    Task<SubscriptionView> StartAsync(Caller caller, SubscriptionPlan plan);

    /// <summary>The subscriber and admins; NotFound for anyone else.</summary>
    [Alias("get")]
    Task<SubscriptionView> GetAsync(Caller caller);

    /// <summary>For a reader that already decided access (the subscriber's own pointer); null for an unused id.</summary>
    [Alias("get-summary"), ReadOnly]
    Task<SubscriptionView?> GetSummaryAsync();

    /// <summary>The subscriber: stops renewing; access lasts until the current period's end. Idempotent.</summary>
    [Alias("cancel-at-period-end")]
    Task<SubscriptionView> CancelAtPeriodEndAsync(Caller caller);

    /// <summary>The subscriber, before the period ends: renews after all. Idempotent.</summary>
    [Alias("keep-renewing")]
    Task<SubscriptionView> KeepRenewingAsync(Caller caller);

    /// <summary>The subscriber, while the checkout is pending: what the embedded gateway charges.</summary>
    [Alias("begin-test-charge")]
    Task<TestSubscriptionCharge> BeginTestChargeAsync(Caller caller);

    /// <summary>The subscriber: the gateway's customer (Stripe's portal needs it) or null before the first payment.</summary>
    [Alias("get-customer")]
    Task<string?> GetCustomerAsync(Caller caller);

    /// <summary>A verified gateway event; each event id is applied once, illegal transitions are refused and logged.</summary>
    [Alias("apply-gateway-event")]
    Task<bool> ApplyGatewayEventAsync(GatewaySubscriptionEvent gatewayEvent);

    /// <summary>Asked by an enrollment grain while it waits: whether this subscription lets its owner in.</summary>
    [Alias("get-proof"), AlwaysInterleave]
    Task<SubscriptionProof?> GetProofAsync();
}
