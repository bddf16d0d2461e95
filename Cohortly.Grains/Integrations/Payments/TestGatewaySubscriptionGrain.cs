using Cohortly.Common;
using Cohortly.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Payments;

public enum TestSubscriptionState
{
    Open = 0,
    Active = 1,
    PastDue = 2,
    Canceled = 3,
    Expired = 4,
}

[GenerateSerializer, Alias("cohortly.payments.test-gateway-subscription-state")]
public sealed class TestGatewaySubscriptionState
{
    [Id(0)] public TestSubscriptionCharge? Subscription { get; set; }
    [Id(1)] public DateTimeOffset CheckoutExpiresAt { get; set; }
    [Id(2)] public TestSubscriptionState State { get; set; }
    [Id(3)] public bool CardWorks { get; set; }
    /// <summary>Periods paid so far: renewal number n is invoice <c>in_test_{id}_{n}</c>, so a period is charged once.</summary>
    [Id(4)] public int PeriodsPaid { get; set; }
    [Id(5)] public DateTimeOffset PeriodEnd { get; set; }
    [Id(6)] public bool CancelAtPeriodEnd { get; set; }
    [Id(7)] public DateTimeOffset NextAttemptAt { get; set; }
    [Id(8)] public int FailedAttempts { get; set; }
}

/// <summary>
/// Renews like Stripe Billing: at each period's end its reminder (which survives restarts) charges the card on file, and
/// the period's invoice number is stored with the outcome in one write, so a repeated tick never charges a period twice.
/// A failure leaves the subscription past due and is retried every <c>RetryEvery</c> (and at once when the card changes),
/// as Stripe does with "leave the subscription past due"; renewal turned off ends it at the period's end. Every outcome
/// goes out as a signed webhook through the gateway's durable delivery.
/// </summary>
[GrainType("testgatewaysubscription")]
public sealed class TestGatewaySubscriptionGrain(
    [PersistentState("test-gateway-subscription", StorageNames.Cohortly)] IPersistentState<TestGatewaySubscriptionState> state,
    EmbeddedTestGateway gateway,
    IOptions<SubscriptionOptions> options,
    TimeProvider time,
    ILogger<TestGatewaySubscriptionGrain> logger) : Grain, ITestGatewaySubscriptionGrain, IRemindable
{
    private const string RenewalReminder = "cohortly.test-gateway-renewal";

    private string SubscriptionId => this.GetPrimaryKeyString();

    private TestGatewaySubscriptionState S => state.State;

    public async Task OpenAsync(TestSubscriptionCharge subscription, DateTimeOffset checkoutExpiresAt)
    {
        if (S.Subscription is not null)
        {
            return;
        }
        S.Subscription = subscription;
        S.CheckoutExpiresAt = checkoutExpiresAt;
        await state.WriteStateAsync();
    }

    public async Task ChargeAsync(TestCardOutcome outcome, string webhookUrl)
    {
        if (S.Subscription is not { } subscription)
        {
            throw DomainException.NotFound($"Subscription {SubscriptionId}");
        }
        if (S.State != TestSubscriptionState.Open || time.GetUtcNow() >= S.CheckoutExpiresAt)
        {
            throw DomainException.Conflict("payment-not-pending", S.State == TestSubscriptionState.Open
                ? "This checkout lapsed; start again from the Subscription page."
                : "This subscription is already paid.");
        }
        if (outcome != TestCardOutcome.Succeeds)
        {
            throw new DomainException(DomainErrorKind.Unprocessable, "card-declined", DeclineReason(outcome));
        }
        var now = time.GetUtcNow();
        S.State = TestSubscriptionState.Active;
        S.CardWorks = true;
        S.PeriodsPaid = 1;
        S.PeriodEnd = SubscriptionRules.PeriodEndAfter(subscription.Plan, now);
        S.NextAttemptAt = S.PeriodEnd;
        // Stored before the answer, then posted (retried until 2xx, across restarts) by the gateway's delivery.
        await state.WriteStateAsync();
        var delivery = Delivery;
        await delivery.DeliverAsync(gateway.SubscriptionCheckoutCompletedEventFor(subscription, S.PeriodEnd), webhookUrl);
        await delivery.DeliverAsync(gateway.InvoiceEventFor(subscription, InvoiceId(1), paid: true, S.PeriodEnd), webhookUrl);
        await ArmAsync();
    }

    public async Task ChangeCardAsync(TestCardOutcome outcome)
    {
        if (outcome == TestCardOutcome.Unknown)
        {
            throw DomainException.Validation("cardNumber", "Use one of the test card numbers listed on the page.");
        }
        S.CardWorks = outcome == TestCardOutcome.Succeeds;
        if (S.State == TestSubscriptionState.PastDue && S.CardWorks)
        {
            S.NextAttemptAt = time.GetUtcNow();
        }
        await state.WriteStateAsync();
        await RenewIfDueAsync();
    }

    public async Task SetCancelAtPeriodEndAsync(bool cancel)
    {
        // Nothing running (never paid, or already ended): nothing to renew or stop, as Stripe's API would refuse to change.
        if (S.Subscription is not { } subscription || S.State is not (TestSubscriptionState.Active or TestSubscriptionState.PastDue)
            || S.CancelAtPeriodEnd == cancel)
        {
            return;
        }
        S.CancelAtPeriodEnd = cancel;
        await state.WriteStateAsync();
        await Delivery.DeliverAsync(gateway.SubscriptionEventFor(subscription, "customer.subscription.updated", StripeStatus(), cancel, S.PeriodEnd), null);
    }

    public Task<bool?> CardWorksAsync() => Task.FromResult(S.State == TestSubscriptionState.Open ? (bool?)null : S.CardWorks);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await RenewIfDueAsync();
        if (S.State is TestSubscriptionState.Canceled && await this.GetReminder(RenewalReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>At a period's end: ends it if renewal was turned off, else charges the next period's invoice (once).</summary>
    private async Task RenewIfDueAsync()
    {
        var now = time.GetUtcNow();
        if (S.Subscription is not { } subscription || S.State is not (TestSubscriptionState.Active or TestSubscriptionState.PastDue)
            || now < S.PeriodEnd || now < S.NextAttemptAt)
        {
            return;
        }
        var delivery = Delivery;
        if (S.CancelAtPeriodEnd)
        {
            S.State = TestSubscriptionState.Canceled;
            await state.WriteStateAsync();
            await delivery.DeliverAsync(gateway.SubscriptionEventFor(subscription, "customer.subscription.deleted", "canceled", true, S.PeriodEnd), null);
            return;
        }
        var invoiceId = InvoiceId(S.PeriodsPaid + 1);
        if (S.CardWorks)
        {
            S.PeriodsPaid++;
            S.PeriodEnd = SubscriptionRules.PeriodEndAfter(subscription.Plan, S.PeriodEnd);
            S.NextAttemptAt = S.PeriodEnd;
            S.FailedAttempts = 0;
            S.State = TestSubscriptionState.Active;
            await state.WriteStateAsync();
            logger.LogInformation("Test gateway: subscription {SubscriptionId} renewed ({InvoiceId})", SubscriptionId, invoiceId);
            await delivery.DeliverAsync(gateway.InvoiceEventFor(subscription, invoiceId, paid: true, S.PeriodEnd), null);
            return;
        }
        S.State = TestSubscriptionState.PastDue;
        S.FailedAttempts++;
        S.NextAttemptAt = now + options.Value.RetryEvery;
        await state.WriteStateAsync();
        logger.LogInformation("Test gateway: renewal {InvoiceId} of subscription {SubscriptionId} declined (attempt {Attempt})", invoiceId, SubscriptionId, S.FailedAttempts);
        await delivery.DeliverAsync(gateway.InvoiceEventFor(subscription, invoiceId, paid: false, S.PeriodEnd), null);
    }

    private async Task ArmAsync()
    {
        var every = options.Value.CheckEvery;
        await this.RegisterOrUpdateReminder(RenewalReminder, every, every);
    }

    /// <summary>The gateway's durable delivery, one queue per subscription (Stripe keeps one per object too).</summary>
    private ITestGatewaySessionGrain Delivery =>
        GrainFactory.GetGrain<ITestGatewaySessionGrain>($"subscription/{SubscriptionId}");

    private string InvoiceId(int period) => $"in_test_{SubscriptionId}_{period}";

    private string StripeStatus() => S.State == TestSubscriptionState.PastDue ? "past_due" : "active";

    private static string DeclineReason(TestCardOutcome outcome) => outcome == TestCardOutcome.InsufficientFunds
        ? "Your card has insufficient funds. Try another card."
        : "Your card was declined. Try another card or ask your bank.";
}
