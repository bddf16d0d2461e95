using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Cohortly.Integrations.Payments;
using Cohortly.Payments;
using Cohortly.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Stripe;

namespace Cohortly.Grains.Tests.Payments;

/// <summary>
/// Stripe Billing through the real Stripe.net client against a stub of Stripe's HTTP API (Kestrel in the test): what the
/// adapter asks of Stripe for a subscription, and what Cohortly reads from Stripe's subscription events.
/// </summary>
public sealed class StripeSubscriptionTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, Dictionary<string, string> Headers, Dictionary<string, string> Form)> _requests = new();
    private WebApplication _stub = null!;
    private string _stubUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        _stubUrl = $"http://127.0.0.1:{Ports.Free()}";
        builder.WebHost.UseUrls(_stubUrl);
        _stub = builder.Build();
        _stub.MapPost("/v1/checkout/sessions", async (HttpRequest request) =>
        {
            await RecordAsync(request);
            return Results.Json(new { id = "cs_test_sub", @object = "checkout.session", mode = "subscription", url = "https://checkout.stripe.test/c/pay/cs_test_sub" });
        });
        _stub.MapPost("/v1/subscriptions/{id}", async (string id, HttpRequest request) =>
        {
            await RecordAsync(request);
            return Results.Json(new { id, @object = "subscription", status = "active", cancel_at_period_end = true });
        });
        _stub.MapPost("/v1/billing_portal/sessions", async (HttpRequest request) =>
        {
            await RecordAsync(request);
            return Results.Json(new { id = "bps_1", @object = "billing_portal.session", url = "https://billing.stripe.test/p/session/bps_1" });
        });
        await _stub.StartAsync();
    }

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    private async Task RecordAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        // Copied: Kestrel reuses a request's header collection once it is answered.
        _requests.Enqueue((request.Path, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            form.ToDictionary(field => field.Key, field => field.Value.ToString())));
    }

    [Fact]
    public async Task ASubscriptionCheckoutRenewsMonthlyAtTheConfiguredPriceWithOurIdOnTheSubscriptionAndAnIdempotencyKey()
    {
        var session = await Gateway().CreateSubscriptionCheckoutAsync(new SubscriptionCheckoutRequest(
            "sub123", "user7", SubscriptionPlan.Yearly, "Cohortly yearly subscription", 29_000, "EUR", DateTimeOffset.UtcNow.AddHours(1), "/subscription"));

        Assert.Equal(("cs_test_sub", "https://checkout.stripe.test/c/pay/cs_test_sub"), (session.SessionId, session.Url));
        var (path, headers, form) = Assert.Single(_requests);
        Assert.Equal("/v1/checkout/sessions", path);
        Assert.Equal("cohortly-subscription-sub123", headers["Idempotency-Key"]);
        Assert.Equal("subscription", form["mode"]);
        Assert.Equal("sub123", form["metadata[subscription_id]"]);
        Assert.Equal("sub123", form["subscription_data[metadata][subscription_id]"]);
        Assert.Equal("year", form["line_items[0][price_data][recurring][interval]"]);
        Assert.Equal("29000", form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("eur", form["line_items[0][price_data][currency]"]);
        Assert.Equal("https://cohortly.example/subscription", form["success_url"]);
    }

    [Fact]
    public async Task CancelingAtPeriodEndAndThePortalGoToStripesSubscriptionAndCustomer()
    {
        var gateway = Gateway();

        await gateway.SetCancelAtPeriodEndAsync("sub123", "sub_stripe_1", cancel: true);
        var url = await gateway.CreatePortalSessionAsync("sub123", "cus_9", "/subscription");

        Assert.Equal("https://billing.stripe.test/p/session/bps_1", url);
        var requests = _requests.ToArray();
        Assert.Equal(("/v1/subscriptions/sub_stripe_1", "true"), (requests[0].Path, requests[0].Form["cancel_at_period_end"]));
        Assert.Equal(("/v1/billing_portal/sessions", "cus_9", "https://cohortly.example/subscription"),
            (requests[1].Path, requests[1].Form["customer"], requests[1].Form["return_url"]));
        // Before Stripe told us its ids there is nothing to ask it: Cohortly's own exception, not an SDK one.
        await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.SetCancelAtPeriodEndAsync("sub123", null, cancel: true));
        await Assert.ThrowsAsync<PaymentGatewayException>(() => gateway.CreatePortalSessionAsync("sub123", null, "/subscription"));
    }

    [Fact]
    public void StripesBillingEventsReadAsCohortlysWithOurIdTheInvoiceAndThePeriod()
    {
        var periodEnd = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMonths(1).ToUnixTimeSeconds());
        var metadata = new JsonObject { ["subscription_id"] = "sub123" };

        var completed = StripeSubscriptionWebhooks.Read(Event("evt_1", EventTypes.CheckoutSessionCompleted, new JsonObject
        {
            ["id"] = "cs_1", ["object"] = "checkout.session", ["mode"] = "subscription", ["payment_status"] = "paid", ["status"] = "complete",
            ["subscription"] = "sub_stripe_1", ["customer"] = "cus_9", ["amount_total"] = 2900, ["metadata"] = metadata.DeepClone(),
        }))!;
        Assert.Equal((GatewaySubscriptionEventKind.CheckoutCompleted, "sub123", "sub_stripe_1", "cus_9"),
            (completed.Kind, completed.SubscriptionId, completed.GatewaySubscriptionId, completed.CustomerId));

        foreach (var (type, kind) in new[] { (EventTypes.InvoicePaid, GatewaySubscriptionEventKind.InvoicePaid), (EventTypes.InvoicePaymentFailed, GatewaySubscriptionEventKind.InvoicePaymentFailed) })
        {
            var invoice = StripeSubscriptionWebhooks.Read(Event("evt_" + type, type, new JsonObject
            {
                ["id"] = "in_7", ["object"] = "invoice", ["amount_paid"] = 2900, ["amount_due"] = 2900, ["customer"] = "cus_9",
                ["lines"] = new JsonObject
                {
                    ["object"] = "list",
                    ["data"] = new JsonArray(new JsonObject
                    {
                        ["id"] = "il_1", ["object"] = "line_item",
                        ["period"] = new JsonObject { ["start"] = periodEnd.AddMonths(-1).ToUnixTimeSeconds(), ["end"] = periodEnd.ToUnixTimeSeconds() },
                    }),
                },
                ["parent"] = new JsonObject
                {
                    ["type"] = "subscription_details",
                    ["subscription_details"] = new JsonObject { ["subscription"] = "sub_stripe_1", ["metadata"] = metadata.DeepClone() },
                },
            }))!;
            Assert.Equal((kind, "sub123", "in_7", periodEnd, 2900L), (invoice.Kind, invoice.SubscriptionId, invoice.InvoiceId, invoice.PeriodEnd, invoice.AmountMinor));
        }

        var updated = StripeSubscriptionWebhooks.Read(Event("evt_u", EventTypes.CustomerSubscriptionUpdated, Subscription("active", metadata, periodEnd)))!;
        Assert.Equal((GatewaySubscriptionEventKind.Updated, true, periodEnd), (updated.Kind, updated.CancelAtPeriodEnd, updated.PeriodEnd));
        var deleted = StripeSubscriptionWebhooks.Read(Event("evt_d", EventTypes.CustomerSubscriptionDeleted, Subscription("canceled", metadata, periodEnd)))!;
        Assert.Equal(GatewaySubscriptionEventKind.Deleted, deleted.Kind);

        // Not ours (no id of ours in the metadata), or a one-off payment's checkout: nothing to apply.
        Assert.Null(StripeSubscriptionWebhooks.Read(Event("evt_x", EventTypes.CustomerSubscriptionUpdated, Subscription("active", new JsonObject(), periodEnd))));
        Assert.Null(StripeSubscriptionWebhooks.Read(Event("evt_p", EventTypes.CheckoutSessionCompleted, new JsonObject
        {
            ["id"] = "cs_2", ["object"] = "checkout.session", ["mode"] = "payment", ["payment_status"] = "paid", ["metadata"] = new JsonObject { ["payment_id"] = "p1" },
        })));
    }

    private static JsonObject Subscription(string status, JsonObject metadata, DateTimeOffset periodEnd) => new()
    {
        ["id"] = "sub_stripe_1", ["object"] = "subscription", ["status"] = status, ["cancel_at_period_end"] = true, ["customer"] = "cus_9",
        ["metadata"] = metadata.DeepClone(),
        ["items"] = new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject { ["id"] = "si_1", ["object"] = "subscription_item", ["current_period_end"] = periodEnd.ToUnixTimeSeconds() }),
        },
    };

    private static string Event(string id, string type, JsonObject dataObject) => new JsonObject
    {
        ["id"] = id, ["object"] = "event", ["api_version"] = StripeConfiguration.ApiVersion, ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["livemode"] = false, ["type"] = type, ["data"] = new JsonObject { ["object"] = dataObject },
    }.ToJsonString();

    private StripeGateway Gateway() => new(new StripeOptions
    {
        SecretKey = "sk_test_stub",
        WebhookSecret = "whsec_stub",
        ApiBase = _stubUrl,
        PublicUrl = "https://cohortly.example",
    }, TimeProvider.System);
}
