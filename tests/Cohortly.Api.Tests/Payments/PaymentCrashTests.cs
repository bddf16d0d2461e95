using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Payments;

/// <summary>
/// The process is killed (kill -9) after the embedded gateway took the card and before Cohortly stored the payment's
/// success, then started again on the same data directory: the student must end up enrolled, once. Here the gateway
/// holds its webhook for an hour, so only the reconciler's sweep can do it.
/// </summary>
public sealed class PaymentCrashTests() : PaymentKillTests("cohortly-payment-crash", "01:00:00")
{
    [Fact]
    public async Task AKillBetweenTheGatewaysSuccessAndOurCommitIsRepairedByOneSweepOfTheReconciler()
    {
        var (admin, bootcampId) = await PaidBootcampAsync();
        var student = await App.Http.RegisterAsync(ApiClient.UniqueEmail("swept"), displayName: "Swept Sam");
        var paymentId = await PaidAsync(student, bootcampId);

        await App.KillAsync();
        await App.StartAsync();

        Assert.False(await IsEnrolledAsync(student, bootcampId));
        // One sweep repairs it; the catalog may need a moment after the restart to list the bootcamp the sweep walks.
        var report = await Eventually.Until(async () =>
        {
            using var reconcile = await App.Http.SendAsync(HttpMethod.Post, "/api/admin/payments/reconcile", admin.AccessToken);
            await reconcile.ExpectAsync(HttpStatusCode.OK);
            return JsonNode.Parse(await reconcile.Content.ReadAsStringAsync())!;
        }, r => r["enrolled"]!["paymentIds"]!.AsArray().Any(id => id!.ToString() == paymentId), TimeSpan.FromSeconds(30), "the sweep that takes the payment");
        Assert.Equal(1, report["enrolled"]!["count"]!.GetValue<int>());
        Assert.True(await IsEnrolledAsync(student, bootcampId));
        Assert.Equal("succeeded", (await GetJsonAsync(student, $"/api/payments/{paymentId}"))["status"]!.ToString());
        Assert.Equal(1, await Eventually.Until(() => ReceiptsAsync(admin), r => r >= 1, TimeSpan.FromSeconds(30), "the receipt"));
    }
}

/// <summary>As above, but the gateway holds its webhook five seconds and nobody sweeps: its stored webhook arrives after the restart.</summary>
public sealed class PaymentDeliveryCrashTests() : PaymentKillTests("cohortly-payment-delivery", "00:00:05")
{
    [Fact]
    public async Task AWebhookTheGatewayHadNotDeliveredWhenTheProcessDiedIsDeliveredAfterTheRestartAndAppliedOnce()
    {
        var (admin, bootcampId) = await PaidBootcampAsync();
        var student = await App.Http.RegisterAsync(ApiClient.UniqueEmail("delivered"), displayName: "Delivered Dee");
        var paymentId = await PaidAsync(student, bootcampId);

        await App.KillAsync();
        await App.StartAsync();

        await Eventually.Until(() => IsEnrolledAsync(student, bootcampId), enrolled => enrolled, TimeSpan.FromSeconds(45), "the webhook delivered after the restart");
        Assert.Equal("succeeded", (await GetJsonAsync(student, $"/api/payments/{paymentId}"))["status"]!.ToString());
        var bootcamp = await GetJsonAsync(admin, $"/api/bootcamps/{bootcampId}");
        Assert.Equal(1, bootcamp["enrolledCount"]!.GetValue<int>());
        Assert.Equal(1, await Eventually.Until(() => ReceiptsAsync(admin), r => r >= 1, TimeSpan.FromSeconds(30), "the receipt"));
    }
}

/// <summary>An own process whose embedded gateway holds each webhook <c>webhookDelay</c>, so a kill lands between the card's acceptance and its delivery.</summary>
public abstract class PaymentKillTests(string dataName, string webhookDelay) : OwnAppTests(dataName, new Dictionary<string, string>
{
    ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
    ["Cohortly__Payments__TestGatewayWebhookDelay"] = webhookDelay,
    // Reminders (the gateway's redelivery among them) tick every few seconds instead of every minute.
    ["Cohortly__Events__RepublishPeriod"] = "00:00:03",
})
{
    protected const string Title = "Crash-paid bootcamp";

    protected async Task<(Tokens Admin, string BootcampId)> PaidBootcampAsync()
    {
        var admin = await App.Http.RegisterAsync(ApiClient.UniqueEmail("admin"), displayName: "Ada Admin");
        using var response = await App.Http.SendAsync(HttpMethod.Post, "/api/bootcamps", admin.AccessToken,
            ApiClient.BootcampBody(title: Title, capacity: 5, priceMinor: 20_000));
        await response.ExpectAsync(HttpStatusCode.Created);
        return (admin, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["bootcampId"]!.ToString());
    }

    /// <summary>Checks out and pays with the good test card: the gateway has taken the money when this returns, Cohortly does not know yet.</summary>
    protected async Task<string> PaidAsync(Tokens student, string bootcampId)
    {
        using var checkout = await App.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/checkout", student.AccessToken, new { plan = "full" });
        await checkout.ExpectAsync(HttpStatusCode.Created);
        var paymentId = JsonNode.Parse(await checkout.Content.ReadAsStringAsync())!["paymentId"]!.ToString();
        using var card = await App.Http.SendAsync(HttpMethod.Post, $"/api/payments/{paymentId}/test-card", student.AccessToken, new { cardNumber = PaymentClient.GoodCard });
        await card.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("pending", (await GetJsonAsync(student, $"/api/payments/{paymentId}"))["status"]!.ToString());
        return paymentId;
    }

    protected async Task<bool> IsEnrolledAsync(Tokens student, string bootcampId) =>
        (await GetJsonAsync(student, "/api/me/bootcamps"))["items"]!.AsArray().Any(b => b!["bootcampId"]!.ToString() == bootcampId);

    protected async Task<int> ReceiptsAsync(Tokens admin) =>
        (await GetJsonAsync(admin, "/dev/mailbox?limit=500"))["items"]!.AsArray().Count(m => m!["subject"]!.ToString() == $"Receipt: {Title}");

    protected async Task<JsonNode> GetJsonAsync(Tokens caller, string path)
    {
        using var response = await App.Http.SendAsync(HttpMethod.Get, path, caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
