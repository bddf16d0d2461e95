using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Payments;

[Collection(EmbeddedAppCollection.Name)]
public sealed class SubscriptionsApiTests(EmbeddedAppFixture fixture)
{
    private readonly SubscriptionClient _subs = new(fixture.Http, fixture.Admin);
    private readonly PaymentClient _pay = new(fixture);
    private readonly BootcampClient _bootcamps = new(fixture);

    [Fact]
    public async Task ASubscriberPaysOnceThroughTheWebhookAndEntersIncludedBootcampsWithoutPaying()
    {
        var included = await _subs.IncludedBootcampAsync();
        var notIncluded = await _subs.IncludedBootcampAsync(included: false);
        var student = await _subs.StudentAsync("Sam Subscriber");
        Assert.Null(await _subs.MineAsync(student));
        Assert.Equal(HttpStatusCode.PaymentRequired, await _subs.EnrollAsync(student, included));

        var plans = await _bootcamps.GetJsonAsync(student, "/api/subscriptions/plans");
        Assert.Equal(["monthly", "yearly"], plans.AsArray().Select(p => p!["plan"]!.ToString()));
        var grossBefore = await UsdGrossThisMonthAsync();
        var started = await _subs.SubscribeAsync(student);
        var subscriptionId = started["subscriptionId"]!.ToString();
        Assert.Equal(("pending", $"/pay/subscriptions/{subscriptionId}"), (started["status"]!.ToString(), started["checkoutUrl"]!.ToString()));
        // Pending is not paid: the included bootcamp still asks for payment.
        Assert.Equal(HttpStatusCode.PaymentRequired, await _subs.EnrollAsync(student, included));
        using (var declined = await fixture.Http.SendAsync(HttpMethod.Post, $"/api/subscriptions/{subscriptionId}/test-card", student.AccessToken,
            new { cardNumber = PaymentClient.DeclinedCard }))
        {
            var problem = await declined.ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Contains("declined", problem["title"]!.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal("pending", (await _subs.MineAsync(student))!["status"]!.ToString());

        using (var paid = await fixture.Http.SendAsync(HttpMethod.Post, $"/api/subscriptions/{subscriptionId}/test-card", student.AccessToken,
            new { cardNumber = PaymentClient.GoodCard }))
        {
            await paid.ExpectAsync(HttpStatusCode.Accepted);
        }
        var active = await _subs.MineWhenAsync(student, s => s["status"]!.ToString() == "active", "the webhook to activate the subscription");
        Assert.True(active["currentPeriodEnd"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddDays(27));
        Assert.False(active["cancelAtPeriodEnd"]!.GetValue<bool>());
        Assert.Contains("active", (await _pay.InboxKindAsync(student, "subscription.activated"))["title"]!.ToString(), StringComparison.Ordinal);
        // The paid first invoice counts in the platform's revenue for the month, once.
        await Eventually.Until(UsdGrossThisMonthAsync, gross => gross == grossBefore + 2_900, TimeSpan.FromSeconds(15), "the subscription's revenue");

        Assert.Equal(HttpStatusCode.Created, await _subs.EnrollAsync(student, included));
        Assert.True(await _pay.IsEnrolledAsync(student, included));
        Assert.Equal(HttpStatusCode.PaymentRequired, await _subs.EnrollAsync(student, notIncluded));
        using var second = await fixture.Http.SendAsync(HttpMethod.Post, "/api/subscriptions", student.AccessToken, new { plan = "yearly" });
        Assert.EndsWith("already-subscribed", (await second.ProblemAsync(HttpStatusCode.Conflict)).ProblemType());
        var home = await _bootcamps.GetJsonAsync(student, "/api/me/home");
        var card = Assert.Single(home["cards"]!.AsArray(), c => c!["kind"]!.ToString() == "payments.subscription")!;
        Assert.Equal("active", card["data"]!["subscription"]!["status"]!.ToString());
        var portal = await PostJsonAsync(student, "/api/me/billing-portal");
        Assert.Equal($"/billing/portal?subscription={subscriptionId}", portal["url"]!.ToString());
        var mail = await Eventually.Until(() => _pay.MailboxAsync(), all => all.Any(m => m["subject"]?.ToString() == "Your Cohortly subscription is active"),
            TimeSpan.FromSeconds(15), "the activation email");
        Assert.NotEmpty(mail);
    }

    [Fact]
    public async Task CancelingKeepsTheSubscriptionActiveUntilThePeriodEndsAndOnlyItsOwnerMayCancelOrReadIt()
    {
        var student = await _subs.StudentAsync();
        var other = await _subs.StudentAsync("Other Olga");
        var instructor = await _bootcamps.InstructorAsync();
        var subscription = await _subs.ActiveSubscriptionAsync(student);
        var id = subscription["subscriptionId"]!.ToString();

        foreach (var stranger in new[] { other, instructor })
        {
            Assert.Equal(HttpStatusCode.NotFound, await _bootcamps.StatusAsync(stranger, HttpMethod.Get, $"/api/subscriptions/{id}"));
            Assert.Equal(HttpStatusCode.NotFound, await _bootcamps.StatusAsync(stranger, HttpMethod.Delete, $"/api/subscriptions/{id}"));
            Assert.Equal(HttpStatusCode.NotFound, await _bootcamps.StatusAsync(stranger, HttpMethod.Put, $"/api/subscriptions/{id}/test-card",
                new { cardNumber = PaymentClient.DeclinedCard }));
        }
        Assert.Equal(HttpStatusCode.Forbidden, await _bootcamps.StatusAsync(instructor, HttpMethod.Post, "/api/subscriptions", new { plan = "monthly" }));
        Assert.False((await _bootcamps.GetJsonAsync(student, $"/api/subscriptions/{id}"))["cancelAtPeriodEnd"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.NoContent, await _bootcamps.StatusAsync(student, HttpMethod.Delete, $"/api/subscriptions/{id}"));
        Assert.Equal(HttpStatusCode.NoContent, await _bootcamps.StatusAsync(student, HttpMethod.Delete, $"/api/subscriptions/{id}"));

        var canceling = await _bootcamps.GetJsonAsync(student, $"/api/subscriptions/{id}");
        Assert.Equal(("active", true), (canceling["status"]!.ToString(), canceling["cancelAtPeriodEnd"]!.GetValue<bool>()));
        Assert.Equal(subscription["currentPeriodEnd"]!.GetValue<DateTimeOffset>(), canceling["currentPeriodEnd"]!.GetValue<DateTimeOffset>());
        var told = await _pay.InboxKindAsync(student, "subscription.renewal_changed");
        Assert.Contains("stays active until", told["body"]!.ToString(), StringComparison.Ordinal);
        // An admin may read it (support), and the student can change their mind before the period ends.
        Assert.Equal(id, (await _bootcamps.GetJsonAsync(fixture.Admin, $"/api/subscriptions/{id}"))["subscriptionId"]!.ToString());
        var renewing = await PostJsonAsync(student, $"/api/subscriptions/{id}/renewal");
        Assert.False(renewing["cancelAtPeriodEnd"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AReplayedRenewalWebhookChangesNothingAndABadSignatureIsRefused()
    {
        var student = await _subs.StudentAsync();
        var subscription = await _subs.ActiveSubscriptionAsync(student);
        var id = subscription["subscriptionId"]!.ToString();
        var periodEnd = subscription["currentPeriodEnd"]!.GetValue<DateTimeOffset>();
        var renewedTo = DateTimeOffset.FromUnixTimeSeconds(periodEnd.AddMonths(1).ToUnixTimeSeconds());
        var payload = InvoicePaid("evt_renew_" + id, id, "in_renew_" + id, renewedTo);

        Assert.Equal(HttpStatusCode.BadRequest, await _pay.PostWebhookAsync(payload, PaymentClient.Signature(payload, "whsec_wrong", DateTimeOffset.UtcNow)));
        Assert.Equal(periodEnd, (await _subs.MineAsync(student))!["currentPeriodEnd"]!.GetValue<DateTimeOffset>());

        var deliveries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            _pay.PostWebhookAsync(payload, PaymentClient.Signature(payload, _pay.WebhookSecret, DateTimeOffset.UtcNow))));
        Assert.All(deliveries, status => Assert.Equal(HttpStatusCode.OK, status));
        // The same invoice under another event id (Stripe sends invoice.paid and invoice.payment_succeeded alike) counts once too.
        var again = InvoicePaid("evt_other_" + id, id, "in_renew_" + id, renewedTo.AddMonths(1));
        Assert.Equal(HttpStatusCode.OK, await _pay.PostWebhookAsync(again, PaymentClient.Signature(again, _pay.WebhookSecret, DateTimeOffset.UtcNow)));

        var after = (await _subs.MineAsync(student))!;
        Assert.Equal(("active", renewedTo), (after["status"]!.ToString(), after["currentPeriodEnd"]!.GetValue<DateTimeOffset>()));
        await _pay.InboxKindAsync(student, "subscription.renewed");
        var inbox = await _bootcamps.GetJsonAsync(student, "/api/notifications");
        Assert.Single(inbox["items"]!.AsArray(), n => n!["kind"]!.ToString() == "subscription.renewed");
    }

    private async Task<long> UsdGrossThisMonthAsync()
    {
        var month = DateTimeOffset.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var platform = await _bootcamps.GetJsonAsync(fixture.Admin, "/api/analytics/platform");
        return platform["revenueByMonth"]!.AsArray()
            .Where(m => m!["month"]!.ToString() == month && m["currency"]!.ToString() == "USD")
            .Sum(m => m!["grossMinor"]!.GetValue<long>());
    }

    private async Task<JsonNode> PostJsonAsync(Tokens caller, string path)
    {
        using var response = await fixture.Http.SendAsync(HttpMethod.Post, path, caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Stripe's <c>invoice.paid</c> for a renewal, our id in the subscription's metadata as Stripe copies it onto invoices.</summary>
    public static string InvoicePaid(string eventId, string subscriptionId, string invoiceId, DateTimeOffset periodEnd) =>
        PaymentClient.StripeEvent(eventId, "invoice.paid", new JsonObject
        {
            ["id"] = invoiceId,
            ["object"] = "invoice",
            ["status"] = "paid",
            ["amount_paid"] = 2900,
            ["currency"] = "usd",
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
                ["subscription_details"] = new JsonObject { ["subscription"] = "sub_x", ["metadata"] = new JsonObject { ["subscription_id"] = subscriptionId } },
            },
        });
}
