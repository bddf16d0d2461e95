using System.Text.Json.Nodes;
using Cohortly.Payments;
using Stripe;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// Stripe Billing's stand-in: the subscription's checkout is Cohortly's own <c>/pay/subscriptions/{id}</c>, renewals are
/// charged by <see cref="TestGatewaySubscriptionGrain"/>, and every outcome is a signed webhook in Stripe's format
/// (<c>checkout.session.completed</c> in subscription mode, <c>invoice.paid</c>, <c>invoice.payment_failed</c>,
/// <c>customer.subscription.updated/deleted</c>), so the webhook endpoint reads them exactly as it reads Stripe's.
/// </summary>
public sealed partial class EmbeddedTestGateway : ISubscriptionGateway
{
    public async Task<CheckoutSession> CreateSubscriptionCheckoutAsync(SubscriptionCheckoutRequest request, CancellationToken cancellationToken = default)
    {
        await Grains.GetGrain<ITestGatewaySubscriptionGrain>(request.SubscriptionId).OpenAsync(
            new TestSubscriptionCharge(request.SubscriptionId, request.UserId, request.Plan, request.PriceMinor, request.Currency), request.ExpiresAt);
        return new CheckoutSession($"cs_test_sub_{request.SubscriptionId}", $"/pay/subscriptions/{Uri.EscapeDataString(request.SubscriptionId)}");
    }

    public Task SetCancelAtPeriodEndAsync(string subscriptionId, string? gatewaySubscriptionId, bool cancel, CancellationToken cancellationToken = default) =>
        Grains.GetGrain<ITestGatewaySubscriptionGrain>(subscriptionId).SetCancelAtPeriodEndAsync(cancel);

    /// <summary>Cohortly's own page stands in for Stripe's customer portal: change the test card, turn renewal off or on.</summary>
    public Task<string> CreatePortalSessionAsync(string subscriptionId, string? customerId, string returnPath, CancellationToken cancellationToken = default) =>
        Task.FromResult($"/billing/portal?subscription={Uri.EscapeDataString(subscriptionId)}");

    /// <summary>The first payment, with a test card typed on the stand-in checkout page; the card number goes no further.</summary>
    public Task ChargeSubscriptionAsync(TestSubscriptionCharge charge, TestCardOutcome outcome, Uri webhookUrl) =>
        Grains.GetGrain<ITestGatewaySubscriptionGrain>(charge.SubscriptionId).ChargeAsync(outcome, webhookUrl.ToString());

    public Task ChangeSubscriptionCardAsync(string subscriptionId, TestCardOutcome outcome) =>
        Grains.GetGrain<ITestGatewaySubscriptionGrain>(subscriptionId).ChangeCardAsync(outcome);

    public StoredWebhookEvent SubscriptionCheckoutCompletedEventFor(TestSubscriptionCharge s, DateTimeOffset periodEnd) =>
        EventOf(EventTypes.CheckoutSessionCompleted, new JsonObject
        {
            ["id"] = $"cs_test_sub_{s.SubscriptionId}",
            ["object"] = "checkout.session",
            ["mode"] = "subscription",
            ["status"] = "complete",
            ["payment_status"] = "paid",
            ["amount_total"] = s.PriceMinor,
            ["currency"] = s.Currency.ToLowerInvariant(),
            ["client_reference_id"] = s.UserId,
            ["customer"] = CustomerIdOf(s.UserId),
            ["subscription"] = GatewaySubscriptionIdOf(s.SubscriptionId),
            ["metadata"] = Metadata(s.SubscriptionId),
        });

    /// <summary>Stripe's <c>invoice.paid</c> or <c>invoice.payment_failed</c> for one period, our id in the subscription's metadata.</summary>
    public StoredWebhookEvent InvoiceEventFor(TestSubscriptionCharge s, string invoiceId, bool paid, DateTimeOffset periodEnd)
    {
        var periodStart = s.Plan == SubscriptionPlan.Yearly ? periodEnd.AddYears(-1) : periodEnd.AddMonths(-1);
        var invoice = new JsonObject
        {
            ["id"] = invoiceId,
            ["object"] = "invoice",
            ["status"] = paid ? "paid" : "open",
            ["billing_reason"] = invoiceId.EndsWith("_1", StringComparison.Ordinal) ? "subscription_create" : "subscription_cycle",
            ["amount_due"] = s.PriceMinor,
            ["amount_paid"] = paid ? s.PriceMinor : 0,
            ["currency"] = s.Currency.ToLowerInvariant(),
            ["customer"] = CustomerIdOf(s.UserId),
            ["attempted"] = true,
            ["lines"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = $"il_{invoiceId}",
                    ["object"] = "line_item",
                    ["amount"] = s.PriceMinor,
                    ["period"] = new JsonObject { ["start"] = periodStart.ToUnixTimeSeconds(), ["end"] = periodEnd.ToUnixTimeSeconds() },
                }),
            },
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject
                {
                    ["subscription"] = GatewaySubscriptionIdOf(s.SubscriptionId),
                    ["metadata"] = Metadata(s.SubscriptionId),
                },
            },
        };
        return EventOf(paid ? EventTypes.InvoicePaid : EventTypes.InvoicePaymentFailed, invoice);
    }

    /// <summary>Stripe's <c>customer.subscription.updated</c> / <c>.deleted</c>.</summary>
    public StoredWebhookEvent SubscriptionEventFor(TestSubscriptionCharge s, string type, string status, bool cancelAtPeriodEnd, DateTimeOffset periodEnd) =>
        EventOf(type, new JsonObject
        {
            ["id"] = GatewaySubscriptionIdOf(s.SubscriptionId),
            ["object"] = "subscription",
            ["status"] = status,
            ["cancel_at_period_end"] = cancelAtPeriodEnd,
            ["customer"] = CustomerIdOf(s.UserId),
            ["metadata"] = Metadata(s.SubscriptionId),
            ["items"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = $"si_test_{s.SubscriptionId}",
                    ["object"] = "subscription_item",
                    ["current_period_end"] = periodEnd.ToUnixTimeSeconds(),
                }),
            },
        });

    private static JsonObject Metadata(string subscriptionId) => new() { [StripeSubscriptionWebhooks.SubscriptionIdKey] = subscriptionId };

    private static string CustomerIdOf(string userId) => $"cus_test_{userId}";

    private static string GatewaySubscriptionIdOf(string subscriptionId) => $"sub_test_{subscriptionId}";
}
