using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Payments;

/// <summary>Paid bootcamps, checkouts, test cards and hand-made Stripe webhooks, through the public API only.</summary>
public sealed class PaymentClient(EmbeddedAppFixture fixture)
{
    public const string GoodCard = "4242 4242 4242 4242";
    public const string DeclinedCard = "4000000000000002";
    public const string NoFundsCard = "4000000000009995";

    public BootcampClient Bootcamps { get; } = new(fixture);

    public HttpClient Http => fixture.Http;

    public Tokens Admin => fixture.Admin;

    public Task<string> PaidBootcampAsync(long priceMinor = 50_000, int capacity = 30) =>
        Bootcamps.CreateBootcampAsync(fixture.Admin, ApiClient.BootcampBody(title: "Paid " + Guid.NewGuid().ToString("N")[..6], capacity: capacity, priceMinor: priceMinor));

    public async Task<string> CouponAsync(object body)
    {
        using var response = await Http.SendAsync(HttpMethod.Post, "/api/coupons", fixture.Admin.AccessToken, body);
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.ToString();
    }

    public static string NewCode() => "C" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    public Task<HttpResponseMessage> CheckoutAsync(Tokens student, string bootcampId, string? couponCode = null) =>
        Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/checkout", student.AccessToken, new { plan = "full", couponCode });

    public async Task<JsonNode> CheckedOutAsync(Tokens student, string bootcampId, string? couponCode = null)
    {
        using var response = await CheckoutAsync(student, bootcampId, couponCode);
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task PayAsync(Tokens student, string paymentId, string card)
    {
        using var response = await Http.SendAsync(HttpMethod.Post, $"/api/payments/{paymentId}/test-card", student.AccessToken, new { cardNumber = card });
        await response.ExpectAsync(HttpStatusCode.Accepted);
    }

    public Task<JsonNode> PaymentAsync(Tokens caller, string paymentId) => Bootcamps.GetJsonAsync(caller, $"/api/payments/{paymentId}");

    public Task<JsonNode> SettledAsync(Tokens student, string paymentId) =>
        Eventually.Until(() => PaymentAsync(student, paymentId), p => p["status"]!.ToString() != "pending", TimeSpan.FromSeconds(15), "the webhook to settle the payment");

    public async Task<bool> IsEnrolledAsync(Tokens student, string bootcampId) =>
        (await Bootcamps.GetJsonAsync(student, "/api/me/bootcamps"))["items"]!.AsArray().Any(b => b!["bootcampId"]!.ToString() == bootcampId);

    public Task<bool> EnrolledSoonAsync(Tokens student, string bootcampId) =>
        Eventually.Until(() => IsEnrolledAsync(student, bootcampId), enrolled => enrolled, TimeSpan.FromSeconds(15), "the paid enrollment");

    /// <summary>The secret the embedded gateway keeps in the data directory, as Stripe's dashboard would show it.</summary>
    public string WebhookSecret =>
        "whsec_" + Convert.ToHexStringLower(Convert.FromBase64String(File.ReadAllText(Path.Combine(fixture.App.DataDirectory, "keys", "stripe-webhook-secret")).Trim()));

    public static string CompletedEvent(string eventId, string paymentId, long amountMinor, string type = "checkout.session.completed") =>
        SessionEvent(eventId, paymentId, amountMinor, type, "paid", "complete");

    /// <summary>Stripe's <c>checkout.session.expired</c>: the session lapsed unpaid.</summary>
    public static string ExpiredEvent(string eventId, string paymentId) =>
        SessionEvent(eventId, paymentId, 0, "checkout.session.expired", "unpaid", "expired");

    private static string SessionEvent(string eventId, string paymentId, long amountMinor, string type, string paymentStatus, string status) =>
        StripeEvent(eventId, type, new JsonObject
        {
            ["id"] = "cs_test_" + paymentId,
            ["object"] = "checkout.session",
            ["payment_status"] = paymentStatus,
            ["status"] = status,
            ["amount_total"] = amountMinor,
            ["currency"] = "usd",
            ["metadata"] = new JsonObject { ["payment_id"] = paymentId },
        });

    /// <summary>A Stripe event of <paramref name="type"/> around <paramref name="dataObject"/>, as Stripe posts it.</summary>
    public static string StripeEvent(string eventId, string type, JsonObject dataObject) =>
        new JsonObject
        {
            ["id"] = eventId,
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["type"] = type,
            ["data"] = new JsonObject { ["object"] = dataObject },
        }.ToJsonString();

    public static string Signature(string payload, string secret, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}")))}";
    }

    public async Task<HttpStatusCode> PostWebhookAsync(string payload, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = ApiClient.RawJson(payload) };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    public Task<JsonNode> InboxKindAsync(Tokens student, string kind) =>
        Eventually.Until(
            async () => (await Bootcamps.GetJsonAsync(student, "/api/notifications"))["items"]!.AsArray().FirstOrDefault(n => n!["kind"]!.ToString() == kind),
            found => found is not null, TimeSpan.FromSeconds(15), $"the {kind} notification")!;

    public async Task<IReadOnlyList<JsonNode>> MailboxAsync()
    {
        using var response = await Http.SendAsync(HttpMethod.Get, "/dev/mailbox?limit=500", fixture.Admin.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray().Select(m => m!).ToList();
    }
}
