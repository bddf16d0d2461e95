using System.Collections.Concurrent;
using Cohortly.Integrations.Payments;
using Cohortly.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Cohortly.Grains.Tests.Payments;

/// <summary>
/// The Stripe adapter with the real Stripe.net client, against a stub of Stripe's HTTP API served by Kestrel in the test
/// (no Stripe emulator runs here): what it sends, and what it makes of Stripe's answers.
/// </summary>
public sealed class StripeGatewayTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(Dictionary<string, string> Headers, Dictionary<string, string> Form)> _requests = new();
    private readonly ConcurrentQueue<string> _reads = new();
    private WebApplication _stub = null!;
    private string _stubUrl = "";
    private int _status = StatusCodes.Status200OK;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        _stubUrl = $"http://127.0.0.1:{Ports.Free()}";
        builder.WebHost.UseUrls(_stubUrl);
        _stub = builder.Build();
        _stub.MapPost("/v1/checkout/sessions", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            // Copied: Kestrel reuses a request's header collection once it is answered.
            _requests.Enqueue((request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), form.ToDictionary(field => field.Key, field => field.Value.ToString())));
            return _status == StatusCodes.Status200OK
                ? Results.Json(new { id = "cs_test_stubbed", @object = "checkout.session", url = "https://checkout.stripe.test/c/pay/cs_test_stubbed" })
                : Results.Json(new { error = new { type = "invalid_request_error", message = "Amount must be at least 50 cents." } }, statusCode: _status);
        });
        _stub.MapGet("/v1/checkout/sessions/{id}", (string id, HttpRequest request) =>
        {
            _reads.Enqueue(Uri.UnescapeDataString(request.QueryString.Value ?? ""));
            return id switch
            {
                "cs_paid" => Results.Json(new
                {
                    id, @object = "checkout.session", status = "complete", payment_status = "paid", amount_total = 12_345,
                    payment_intent = new { id = "pi_1", @object = "payment_intent", latest_charge = new { id = "ch_1", @object = "charge", amount_refunded = 2_000 } },
                }),
                "cs_lapsed" => Results.Json(new { id, @object = "checkout.session", status = "expired", payment_status = "unpaid", amount_total = 12_345 }),
                _ => Results.Json(new { error = new { type = "invalid_request_error", message = $"No such checkout.session: '{id}'" } }, statusCode: 404),
            };
        });
        await _stub.StartAsync();
    }

    [Fact]
    public async Task TheReconcilerReadsACheckoutSessionsStateAndItsRefundsFromStripe()
    {
        var gateway = Gateway();

        Assert.Equal(new GatewayCheckoutStatus(GatewayCheckoutState.Paid, 12_345, 2_000), await gateway.GetCheckoutStatusAsync("pay1", "cs_paid"));
        Assert.Equal(new GatewayCheckoutStatus(GatewayCheckoutState.Expired, 12_345, 0), await gateway.GetCheckoutStatusAsync("pay2", "cs_lapsed"));
        Assert.Null(await gateway.GetCheckoutStatusAsync("pay3", "cs_unknown"));
        // A checkout whose session was never made has nothing to ask Stripe about.
        Assert.Null(await gateway.GetCheckoutStatusAsync("pay4", null));
        Assert.Equal(3, _reads.Count);
        Assert.All(_reads, query => Assert.Contains("payment_intent.latest_charge", query, StringComparison.Ordinal));
    }

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task ACheckoutSessionCarriesOurPaymentIdTheAmountAndAnIdempotencyKeyMadeFromThePayment()
    {
        var gateway = Gateway();
        var expires = DateTimeOffset.UtcNow.AddHours(1);

        var session = await gateway.CreateCheckoutSessionAsync(new CheckoutSessionRequest("pay123", "user7", "Rust in production", 12_345, "EUR", expires, "/pay/pay123"));

        Assert.Equal(("cs_test_stubbed", "https://checkout.stripe.test/c/pay/cs_test_stubbed"), (session.SessionId, session.Url));
        var (headers, form) = Assert.Single(_requests);
        Assert.Equal("Bearer sk_test_stub", headers["Authorization"]);
        Assert.Equal("cohortly-checkout-pay123", headers["Idempotency-Key"]);
        Assert.Equal("payment", form["mode"]);
        Assert.Equal("pay123", form["metadata[payment_id]"]);
        Assert.Equal("pay123", form["payment_intent_data[metadata][payment_id]"]);
        Assert.Equal("user7", form["client_reference_id"]);
        Assert.Equal("12345", form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("eur", form["line_items[0][price_data][currency]"]);
        Assert.Equal("https://cohortly.example/pay/pay123", form["success_url"]);
        Assert.Equal(expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), form["expires_at"]);
    }

    [Fact]
    public async Task StripesRefusalBecomesCohortlysOwnExceptionWithStripesReason()
    {
        _status = StatusCodes.Status400BadRequest;

        var refused = await Assert.ThrowsAsync<PaymentGatewayException>(() => Gateway().CreateCheckoutSessionAsync(
            new CheckoutSessionRequest("pay9", "user7", "Cheap", 10, "USD", DateTimeOffset.UtcNow.AddHours(1), "/pay/pay9")));

        Assert.Contains("at least 50 cents", refused.Message, StringComparison.Ordinal);
    }

    private StripeGateway Gateway() => new(new StripeOptions
    {
        SecretKey = "sk_test_stub",
        WebhookSecret = "whsec_stub",
        ApiBase = _stubUrl,
        PublicUrl = "https://cohortly.example",
    }, TimeProvider.System);
}
