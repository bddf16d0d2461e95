using System.Text.Json.Nodes;
using Cohortly.Integrations.Payments;

namespace Cohortly.Grains.Tests.Payments;

/// <summary>Stripe's invoice events for a subscription schedule's charges, as Stripe shapes them, read by Stripe.net's own parser.</summary>
public sealed class StripeInstallmentWebhookTests
{
    [Fact]
    public void AScheduleInvoicePaidNamesOurPaymentThroughItsSubscriptionsMetadataAndItsInvoiceAsTheGatewayCharge()
    {
        var charge = StripeInstallmentWebhooks.Read(Event("evt_1", "invoice.paid", Invoice("in_1", paymentId: "pay_1", paid: true)));

        Assert.NotNull(charge);
        Assert.Equal(("evt_1", "pay_1", (string?)null, "in_1", true, 15_000L), (charge.EventId, charge.PaymentId, charge.ChargeId, charge.GatewayChargeId, charge.Paid, charge.AmountMinor));
    }

    [Fact]
    public void AFailedScheduleInvoiceReadsAsAFailedChargeInPlainWords()
    {
        var charge = StripeInstallmentWebhooks.Read(Event("evt_2", "invoice.payment_failed", Invoice("in_2", paymentId: "pay_2", paid: false)));

        Assert.Equal((false, "Your card was declined."), (charge!.Paid, charge.FailureReason));
    }

    [Fact]
    public void AnInvoiceOfNoPlanOfOursAndOtherEventTypesAreIgnored()
    {
        Assert.Null(StripeInstallmentWebhooks.Read(Event("evt_3", "invoice.paid", Invoice("in_3", paymentId: null, paid: true))));
        Assert.Null(StripeInstallmentWebhooks.Read(Event("evt_4", "invoice.finalized", Invoice("in_4", paymentId: "pay_4", paid: false))));
    }

    private static JsonObject Invoice(string id, string? paymentId, bool paid) => new()
    {
        ["id"] = id,
        ["object"] = "invoice",
        ["status"] = paid ? "paid" : "open",
        ["amount_due"] = 15_000,
        ["amount_paid"] = paid ? 15_000 : 0,
        ["currency"] = "usd",
        ["metadata"] = new JsonObject(),
        ["parent"] = new JsonObject
        {
            ["type"] = "subscription_details",
            ["subscription_details"] = new JsonObject
            {
                ["subscription"] = "sub_1",
                ["metadata"] = paymentId is null ? new JsonObject() : new JsonObject { ["payment_id"] = paymentId },
            },
        },
    };

    private static string Event(string id, string type, JsonObject invoice) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "event",
        ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["type"] = type,
        ["data"] = new JsonObject { ["object"] = invoice },
    }.ToJsonString();
}
