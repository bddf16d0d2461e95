using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Payments;

[Collection(EmbeddedAppCollection.Name)]
public sealed class PaymentReconcileApiTests(EmbeddedAppFixture fixture)
{
    private readonly PaymentClient _pay = new(fixture);

    [Fact]
    public async Task OnlyAdminsReconcileAndTheAnswerSaysWhatWasCheckedAndFixed()
    {
        var student = await _pay.Bootcamps.StudentAsync();
        var instructor = await _pay.Bootcamps.InstructorAsync();
        using (var anonymous = await _pay.Http.PostAsync("/api/admin/payments/reconcile", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Forbidden, await _pay.Bootcamps.StatusAsync(student, HttpMethod.Post, "/api/admin/payments/reconcile"));
        Assert.Equal(HttpStatusCode.Forbidden, await _pay.Bootcamps.StatusAsync(instructor, HttpMethod.Post, "/api/admin/payments/reconcile"));
        var bootcampId = await _pay.PaidBootcampAsync();
        var paymentId = (await _pay.CheckedOutAsync(student, bootcampId))["paymentId"]!.ToString();

        using var response = await _pay.Http.SendAsync(HttpMethod.Post, "/api/admin/payments/reconcile", _pay.Admin.AccessToken);

        await response.ExpectAsync(HttpStatusCode.OK);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(report["checked"]!.GetValue<int>() >= 0);
        Assert.Equal(0, report["unreachable"]!.GetValue<int>());
        // A checkout still being paid is left alone.
        foreach (var kind in new[] { "enrolled", "refunded", "expired" })
        {
            Assert.DoesNotContain(paymentId, report[kind]!["paymentIds"]!.AsArray().Select(id => id!.ToString()));
        }
        Assert.Equal("pending", (await _pay.PaymentAsync(student, paymentId))["status"]!.ToString());
    }

    [Fact]
    public async Task StripesExpiredSessionEventEndsTheCheckoutAndFreesItsSeatButNotAfterTheMoneyArrived()
    {
        var bootcampId = await _pay.PaidBootcampAsync(priceMinor: 12_000, capacity: 1);
        var student = await _pay.Bootcamps.StudentAsync();
        var paymentId = (await _pay.CheckedOutAsync(student, bootcampId))["paymentId"]!.ToString();
        var expired = PaymentClient.ExpiredEvent("evt_" + Guid.NewGuid().ToString("N"), paymentId);

        Assert.Equal(HttpStatusCode.OK, await _pay.PostWebhookAsync(expired, PaymentClient.Signature(expired, _pay.WebhookSecret, DateTimeOffset.UtcNow)));

        var payment = await _pay.SettledAsync(student, paymentId);
        Assert.Equal("expired", payment["status"]!.ToString());
        // Its only seat goes to the next buyer, who pays; the first checkout's late expiry event again changes nothing.
        var next = await _pay.Bootcamps.StudentAsync();
        var nextPayment = (await Eventually.Until(async () =>
        {
            using var response = await _pay.CheckoutAsync(next, bootcampId);
            return response.StatusCode == HttpStatusCode.Created ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
        }, p => p is not null, TimeSpan.FromSeconds(10), "the freed seat"))!["paymentId"]!.ToString();
        var completed = PaymentClient.CompletedEvent("evt_" + Guid.NewGuid().ToString("N"), nextPayment, 12_000);
        Assert.Equal(HttpStatusCode.OK, await _pay.PostWebhookAsync(completed, PaymentClient.Signature(completed, _pay.WebhookSecret, DateTimeOffset.UtcNow)));
        Assert.True(await _pay.EnrolledSoonAsync(next, bootcampId));
        var late = PaymentClient.ExpiredEvent("evt_" + Guid.NewGuid().ToString("N"), nextPayment);
        Assert.Equal(HttpStatusCode.OK, await _pay.PostWebhookAsync(late, PaymentClient.Signature(late, _pay.WebhookSecret, DateTimeOffset.UtcNow)));
        Assert.Equal("succeeded", (await _pay.PaymentAsync(next, nextPayment))["status"]!.ToString());
        Assert.True(await _pay.IsEnrolledAsync(next, bootcampId));
    }
}
