using Cohortly.Payments;
using Orleans.Concurrency;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// The embedded gateway's record of one checkout session, keyed by our payment id: what Stripe keeps on its side (the
/// session's state, refunds) and the webhook events it still owes Cohortly, retried until answered 2xx.
/// </summary>
[Alias("cohortly.payments.test-gateway-session")]
public interface ITestGatewaySessionGrain : IGrainWithStringKey
{
    /// <summary>Idempotent: a retried checkout opens the same session.</summary>
    [Alias("open")]
    Task OpenAsync(TestGatewaySession session);

    /// <summary>
    /// Takes the test card's outcome and queues its event for <paramref name="webhookUrl"/>; 409 <c>payment-not-pending</c>
    /// once the session is paid or lapsed. The card number never reaches this grain.
    /// </summary>
    [Alias("charge")]
    Task ChargeAsync(TestCharge charge, TestCardOutcome outcome, string webhookUrl);

    /// <summary>Null for a session never opened. Answers even while a delivery is under way (the reconciler asks while the payment waits).</summary>
    [Alias("get-status"), AlwaysInterleave]
    Task<GatewayCheckoutStatus?> GetStatusAsync();

    /// <summary>A refund made at the gateway itself (Stripe's dashboard does this): nothing tells Cohortly but the reconciler.</summary>
    [Alias("refund-at-gateway")]
    Task RefundAtGatewayAsync(long amountMinor);

    /// <summary>
    /// A refund asked through the gateway's API: counted once per <paramref name="refundId"/>, then Stripe's
    /// <c>charge.refunded</c> (with the running total) is queued for delivery like the session's other events.
    /// </summary>
    [Alias("refund")]
    Task RefundAsync(string refundId, long amountMinor);

    /// <summary>
    /// Queues an event made elsewhere in the gateway (a subscription's renewals) for the same durable delivery as the
    /// session's own; the address is this grain's known one when <paramref name="webhookUrl"/> is null.
    /// </summary>
    [Alias("deliver")]
    Task DeliverAsync(StoredWebhookEvent stored, string? webhookUrl);

    /// <summary>How many events wait for delivery (the benchmarks and tests wait for 0).</summary>
    [Alias("undelivered"), AlwaysInterleave]
    Task<int> UndeliveredAsync();
}

/// <summary>What the gateway knows of a session when it is opened.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.payments.test-gateway-session-info")]
public sealed record TestGatewaySession(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string UserId,
    [property: Id(2)] long AmountMinor,
    [property: Id(3)] string Currency,
    [property: Id(4)] DateTimeOffset ExpiresAt);
