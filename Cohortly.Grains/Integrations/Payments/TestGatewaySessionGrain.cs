using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Payments;

[GenerateSerializer, Alias("cohortly.payments.test-gateway-delivery")]
public sealed class PendingDelivery
{
    [Id(0)] public StoredWebhookEvent Event { get; set; } = null!;
    [Id(1)] public int Attempts { get; set; }
    [Id(2)] public DateTimeOffset QueuedAt { get; set; }
    [Id(3)] public DateTimeOffset NextAttemptAt { get; set; }
}

[GenerateSerializer, Alias("cohortly.payments.test-gateway-session-state")]
public sealed class TestGatewaySessionState
{
    [Id(0)] public TestGatewaySession? Session { get; set; }
    [Id(1)] public GatewayCheckoutState State { get; set; }
    [Id(2)] public long RefundedMinor { get; set; }
    /// <summary>The webhook endpoint the charge came through; the gateway's own address until then.</summary>
    [Id(3)] public string? WebhookUrl { get; set; }
    [Id(4)] public List<PendingDelivery> Undelivered { get; set; } = [];
    /// <summary>The refunds asked through the API, so a retried refund is counted once.</summary>
    [Id(5)] public HashSet<string> RefundIds { get; set; } = [];
    // Ids from 6 up belong to installment plans (TestGatewaySessionGrain.Installments.cs).
    /// <summary>The card the checkout was paid with, kept for an installment plan's later charges (its behaviour, never its number).</summary>
    [Id(6)] public TestCardOutcome? SavedCard { get; set; }
    /// <summary>The later charges' attempts already taken, so a repeated call charges once.</summary>
    [Id(7)] public HashSet<string> ChargeAttemptIds { get; set; } = [];
}

/// <summary>
/// Delivers like Stripe: every event is stored before the charge is answered and posted until the endpoint answers
/// 2xx, 1 s, 2 s, 4 s … (at most an hour) apart, for up to three days. A timer makes the attempts while the grain is
/// active; the reminder brings it back after a restart or deactivation, and expires the session when it lapses unpaid.
/// </summary>
[GrainType("testgatewaysession")]
public sealed partial class TestGatewaySessionGrain(
    [PersistentState("test-gateway-session", StorageNames.Cohortly)] IPersistentState<TestGatewaySessionState> state,
    EmbeddedTestGateway gateway,
    IHttpClientFactory clients,
    IOptions<PaymentsOptions> options,
    IOptions<EventOutboxOptions> outbox,
    TimeProvider time,
    ILogger<TestGatewaySessionGrain> logger) : Grain, ITestGatewaySessionGrain, IRemindable
{
    public const string ClientName = "cohortly-test-gateway";
    private const string ReminderName = "cohortly.test-gateway-session";
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromHours(1);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(3);

    private IGrainTimer? _attempt;

    private string PaymentId => this.GetPrimaryKeyString();

    public async Task OpenAsync(TestGatewaySession session)
    {
        if (state.State.Session is not null)
        {
            return;
        }
        state.State.Session = session;
        state.State.State = GatewayCheckoutState.Open;
        await state.WriteStateAsync();
        await ArmReminderAsync(session.ExpiresAt - time.GetUtcNow());
    }

    public async Task ChargeAsync(TestCharge charge, TestCardOutcome outcome, string webhookUrl)
    {
        // A payment made before the gateway kept sessions has none yet: the charge says all the session needs.
        state.State.Session ??= new TestGatewaySession(charge.SessionId, charge.UserId, charge.AmountMinor, charge.Currency, DateTimeOffset.MaxValue);
        ExpireIfLapsed();
        if (state.State.State != GatewayCheckoutState.Open)
        {
            await state.WriteStateAsync();
            throw DomainException.Conflict("payment-not-pending", state.State.State == GatewayCheckoutState.Expired
                ? "This checkout expired and its seat was released; start again from the bootcamp's page."
                : "This payment is already paid.");
        }
        if (gateway.EventFor(charge, outcome) is not { } stored)
        {
            throw DomainException.Validation("cardNumber", "Use one of the test card numbers listed on the page.");
        }
        if (outcome is TestCardOutcome.Succeeds or TestCardOutcome.FailsLaterCharges)
        {
            state.State.State = GatewayCheckoutState.Paid;
            state.State.SavedCard = outcome;
        }
        state.State.WebhookUrl = webhookUrl;
        Queue(stored, options.Value.TestGatewayWebhookDelay);
        await state.WriteStateAsync();
        await ArmReminderAsync(options.Value.TestGatewayWebhookDelay);
        ScheduleAttempt();
    }

    public Task<GatewayCheckoutStatus?> GetStatusAsync() => Task.FromResult(state.State.Session is { } session
        ? new GatewayCheckoutStatus(LapsedUnpaid ? GatewayCheckoutState.Expired : state.State.State, session.AmountMinor, state.State.RefundedMinor)
        : null);

    public async Task RefundAtGatewayAsync(long amountMinor)
    {
        if (state.State.Session is not { } session || state.State.State != GatewayCheckoutState.Paid)
        {
            throw DomainException.Conflict("not-paid", "Only a paid session can be refunded.");
        }
        state.State.RefundedMinor = Math.Min(session.AmountMinor, state.State.RefundedMinor + amountMinor);
        await state.WriteStateAsync();
    }

    public async Task RefundAsync(string refundId, long amountMinor)
    {
        if (state.State.Session is not { } session || !state.State.RefundIds.Add(refundId))
        {
            // No session: a payment from before the gateway kept sessions, refunded without an event to send.
            return;
        }
        state.State.RefundedMinor = Math.Min(session.AmountMinor, state.State.RefundedMinor + amountMinor);
        Queue(gateway.RefundEventFor(PaymentId, session.AmountMinor, state.State.RefundedMinor, session.Currency), TimeSpan.Zero);
        await state.WriteStateAsync();
        await ArmReminderAsync(TimeSpan.Zero);
        ScheduleAttempt();
    }

    public async Task DeliverAsync(StoredWebhookEvent stored, string? webhookUrl)
    {
        if (state.State.Undelivered.Any(d => d.Event.EventId == stored.EventId))
        {
            return;
        }
        state.State.WebhookUrl = webhookUrl ?? state.State.WebhookUrl;
        Queue(stored, options.Value.TestGatewayWebhookDelay);
        await state.WriteStateAsync();
        await ArmReminderAsync(options.Value.TestGatewayWebhookDelay);
        ScheduleAttempt();
    }

    public Task<int> UndeliveredAsync() => Task.FromResult(state.State.Undelivered.Count);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (ExpireIfLapsed())
        {
            await state.WriteStateAsync();
        }
        await DeliverDueAsync();
        // A queue that only delivers (a subscription's) has no session to wait on.
        if (state.State.Undelivered.Count == 0 && (state.State.State != GatewayCheckoutState.Open || state.State.Session is null) && await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private bool LapsedUnpaid => state.State is { State: GatewayCheckoutState.Open, Session: { } session } && time.GetUtcNow() >= session.ExpiresAt;

    /// <summary>An open session past its expiry lapses and owes Cohortly its <c>checkout.session.expired</c>.</summary>
    private bool ExpireIfLapsed()
    {
        if (!LapsedUnpaid)
        {
            return false;
        }
        state.State.State = GatewayCheckoutState.Expired;
        Queue(gateway.ExpiredEventFor(PaymentId, state.State.Session!), TimeSpan.Zero);
        ScheduleAttempt();
        return true;
    }

    private void Queue(StoredWebhookEvent stored, TimeSpan delay)
    {
        var now = time.GetUtcNow();
        state.State.Undelivered.Add(new PendingDelivery { Event = stored, QueuedAt = now, NextAttemptAt = now + delay });
    }

    private async Task ArmReminderAsync(TimeSpan due)
    {
        var period = outbox.Value.RepublishPeriod;
        await this.RegisterOrUpdateReminder(ReminderName, due > TimeSpan.Zero ? due : TimeSpan.FromSeconds(1), period);
    }

    /// <summary>One timer at the earliest due attempt; the reminder covers the time the grain is not active.</summary>
    private void ScheduleAttempt()
    {
        if (state.State.Undelivered.Count == 0)
        {
            return;
        }
        var due = state.State.Undelivered.Min(d => d.NextAttemptAt) - time.GetUtcNow();
        _attempt?.Dispose();
        _attempt = this.RegisterGrainTimer(DeliverDueAsync, new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private async Task DeliverDueAsync()
    {
        var url = state.State.WebhookUrl ?? gateway.WebhookUrl?.ToString();
        var changed = false;
        foreach (var delivery in state.State.Undelivered.Where(d => d.NextAttemptAt <= time.GetUtcNow()).ToList())
        {
            if (url is null)
            {
                logger.LogWarning("The test gateway does not know the webhook address yet; {EventId} for payment {PaymentId} waits", delivery.Event.EventId, PaymentId);
                break;
            }
            changed = true;
            if (await PostAsync(url, delivery.Event))
            {
                state.State.Undelivered.Remove(delivery);
                continue;
            }
            delivery.Attempts++;
            var now = time.GetUtcNow();
            if (now - delivery.QueuedAt >= GiveUpAfter)
            {
                logger.LogError("The test gateway gave up on {EventType} {EventId} for payment {PaymentId} after {Attempts} attempts",
                    delivery.Event.Type, delivery.Event.EventId, PaymentId, delivery.Attempts);
                state.State.Undelivered.Remove(delivery);
                continue;
            }
            delivery.NextAttemptAt = now + Backoff(delivery.Attempts);
        }
        if (changed)
        {
            await state.WriteStateAsync();
        }
        ScheduleAttempt();
    }

    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(LongestBackoff.TotalSeconds, Math.Pow(2, Math.Min(attempts - 1, 20))));

    private async Task<bool> PostAsync(string url, StoredWebhookEvent stored)
    {
        var signed = gateway.SignForDelivery(stored);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(signed.Payload, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation(StripeWebhooks.SignatureHeader, signed.Signature);
            using var response = await clients.CreateClient(ClientName).SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
            logger.LogWarning("The webhook endpoint answered {Status} to {EventType} {EventId}; retrying later", (int)response.StatusCode, stored.Type, stored.EventId);
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("The webhook endpoint could not be reached for {EventType} {EventId} ({Reason}); retrying later", stored.Type, stored.EventId, failure.Message);
        }
        return false;
    }
}
