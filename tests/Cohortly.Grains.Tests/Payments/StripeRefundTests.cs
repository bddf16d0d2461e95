using System.Collections.Concurrent;
using Cohortly.Integrations.Payments;
using Cohortly.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Cohortly.Grains.Tests.Payments;

/// <summary>The Stripe adapter's refunds with the real Stripe.net client against a Kestrel stub of Stripe's API.</summary>
public sealed class StripeRefundTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, string? IdempotencyKey, Dictionary<string, string> Form)> _requests = new();
    private WebApplication _stub = null!;
    private string _stubUrl = "";
    private string _refundStatus = "succeeded";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        _stubUrl = $"http://127.0.0.1:{Ports.Free()}";
        builder.WebHost.UseUrls(_stubUrl);
        _stub = builder.Build();
        _stub.MapGet("/v1/checkout/sessions/{id}", (string id) =>
        {
            _requests.Enqueue(($"/v1/checkout/sessions/{id}", null, []));
            return Results.Json(new { id, @object = "checkout.session", payment_intent = "pi_stubbed", payment_status = "paid" });
        });
        _stub.MapPost("/v1/refunds", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            _requests.Enqueue(("/v1/refunds", request.Headers["Idempotency-Key"].ToString(), form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            return Results.Json(new { id = "re_stubbed", @object = "refund", amount = long.Parse(form["amount"]!, System.Globalization.CultureInfo.InvariantCulture), status = _refundStatus });
        });
        await _stub.StartAsync();
    }

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Fact]
    public async Task ARefundGoesToTheSessionsPaymentIntentWithAnIdempotencyKeyMadeFromOurRefundId()
    {
        var refund = await Gateway().RefundAsync(new GatewayRefundRequest("pay123", "cs_test_abc", "ref9", 2_500, "EUR", "Changed their mind"));

        Assert.Equal("re_stubbed", refund.GatewayRefundId);
        var requests = _requests.ToArray();
        Assert.Equal(["/v1/checkout/sessions/cs_test_abc", "/v1/refunds"], requests.Select(r => r.Path));
        var (_, key, form) = requests[1];
        Assert.Equal("cohortly-refund-ref9", key);
        Assert.Equal("pi_stubbed", form["payment_intent"]);
        Assert.Equal("2500", form["amount"]);
        Assert.Equal("pay123", form["metadata[payment_id]"]);
        Assert.Equal("ref9", form["metadata[refund_id]"]);
    }

    [Fact]
    public async Task ARefundStripeReportsAsFailedIsRefusedSoNothingIsRecordedAsGivenBack()
    {
        _refundStatus = "failed";

        var refused = await Assert.ThrowsAsync<PaymentGatewayException>(() =>
            Gateway().RefundAsync(new GatewayRefundRequest("pay1", "cs_test_abc", "ref1", 100, "USD", "x")));

        Assert.Contains("failed", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStripeThatCannotBeReachedIsCohortlysOwnException()
    {
        await _stub.StopAsync();

        await Assert.ThrowsAsync<PaymentGatewayException>(() =>
            Gateway().RefundAsync(new GatewayRefundRequest("pay1", "cs_test_abc", "ref1", 100, "USD", "x")));
    }

    private StripeGateway Gateway() => new(new StripeOptions
    {
        SecretKey = "sk_test_stub",
        WebhookSecret = "whsec_stub",
        ApiBase = _stubUrl,
        PublicUrl = "https://cohortly.example",
    }, TimeProvider.System);
}
