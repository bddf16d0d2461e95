using Cohortly.Payments;
using Stripe;
using Stripe.Checkout;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// Stripe Billing: a Checkout Session in subscription mode (price inline, renewing monthly or yearly), renewal turned off
/// and on through the Subscriptions API, and Stripe's customer portal for the card. Creates carry idempotency keys made
/// from our subscription id; our id rides in the subscription's metadata, from where Stripe copies it onto every invoice.
/// </summary>
public sealed partial class StripeGateway : ISubscriptionGateway
{
    public async Task<CheckoutSession> CreateSubscriptionCheckoutAsync(SubscriptionCheckoutRequest request, CancellationToken cancellationToken = default)
    {
        var metadata = new Dictionary<string, string> { [StripeSubscriptionWebhooks.SubscriptionIdKey] = request.SubscriptionId };
        var returnUrl = _options.PublicUrl!.TrimEnd('/') + request.ReturnPath;
        var earliest = _time.GetUtcNow() + ShortestSession;
        var create = new SessionCreateOptions
        {
            Mode = "subscription",
            ClientReferenceId = request.UserId,
            Metadata = metadata,
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = metadata },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = request.Currency.ToLowerInvariant(),
                        UnitAmount = request.PriceMinor,
                        Recurring = new SessionLineItemPriceDataRecurringOptions { Interval = request.Plan == SubscriptionPlan.Yearly ? "year" : "month" },
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.Description },
                    },
                },
            ],
            SuccessUrl = returnUrl,
            CancelUrl = returnUrl,
            ExpiresAt = (request.ExpiresAt > earliest ? request.ExpiresAt : earliest).UtcDateTime,
        };
        var session = await CallAsync("the subscription checkout", () => new SessionService(_client).CreateAsync(
            create, new RequestOptions { IdempotencyKey = $"cohortly-subscription-{request.SubscriptionId}" }, cancellationToken));
        return new CheckoutSession(session.Id, session.Url);
    }

    public async Task SetCancelAtPeriodEndAsync(string subscriptionId, string? gatewaySubscriptionId, bool cancel, CancellationToken cancellationToken = default)
    {
        if (gatewaySubscriptionId is null)
        {
            throw new PaymentGatewayException("Stripe has not told us this subscription's id yet; try again in a minute.");
        }
        await CallAsync("the renewal change", () => new SubscriptionService(_client).UpdateAsync(gatewaySubscriptionId,
            new SubscriptionUpdateOptions { CancelAtPeriodEnd = cancel }, cancellationToken: cancellationToken));
    }

    public async Task<string> CreatePortalSessionAsync(string subscriptionId, string? customerId, string returnPath, CancellationToken cancellationToken = default)
    {
        if (customerId is null)
        {
            throw new PaymentGatewayException("Stripe has not told us this subscription's customer yet; try again in a minute.");
        }
        var portal = await CallAsync("the customer portal", () => new Stripe.BillingPortal.SessionService(_client).CreateAsync(
            new Stripe.BillingPortal.SessionCreateOptions { Customer = customerId, ReturnUrl = _options.PublicUrl!.TrimEnd('/') + returnPath },
            cancellationToken: cancellationToken));
        return portal.Url;
    }

    /// <summary>Stripe's refusals and outages become Cohortly's own exception, with Stripe's reason.</summary>
    private static async Task<T> CallAsync<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException failure)
        {
            throw new PaymentGatewayException($"Stripe refused {what}: {failure.StripeError?.Message ?? failure.Message}", failure);
        }
        catch (HttpRequestException failure)
        {
            throw new PaymentGatewayException("Stripe could not be reached.", failure);
        }
    }
}
