using Stripe;
using Stripe.Checkout;

namespace Cohortly.Integrations.Payments;

public sealed partial class StripeGateway
{
    /// <summary>
    /// Refunds through Stripe's Refunds API on the checkout's payment intent (read from its session, which is all a
    /// payment stores), with the idempotency key <c>cohortly-refund-{refundId}</c>. A refund Stripe reports as failed or
    /// canceled is refused here, so nothing is recorded as given back that was not.
    /// </summary>
    public async Task<GatewayRefund> RefundAsync(GatewayRefundRequest request, CancellationToken cancellationToken = default)
    {
        if (request.SessionId is null)
        {
            throw new PaymentGatewayException("This payment has no Stripe checkout session to refund.");
        }
        try
        {
            var session = await new SessionService(_client).GetAsync(request.SessionId, cancellationToken: cancellationToken);
            if (string.IsNullOrEmpty(session.PaymentIntentId))
            {
                throw new PaymentGatewayException("Stripe's checkout session has no payment to refund.");
            }
            var refund = await new RefundService(_client).CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = session.PaymentIntentId,
                Amount = request.AmountMinor,
                Metadata = new Dictionary<string, string>
                {
                    [StripeWebhooks.PaymentIdKey] = request.PaymentId,
                    ["refund_id"] = request.RefundId,
                    ["reason"] = request.Reason.Length > 500 ? request.Reason[..500] : request.Reason,
                },
            }, new RequestOptions { IdempotencyKey = $"cohortly-refund-{request.RefundId}" }, cancellationToken);
            if (refund.Status is "failed" or "canceled")
            {
                throw new PaymentGatewayException($"Stripe could not refund the payment ({refund.Status}).");
            }
            return new GatewayRefund(refund.Id);
        }
        catch (StripeException failure)
        {
            throw new PaymentGatewayException($"Stripe refused the refund: {failure.StripeError?.Message ?? failure.Message}", failure);
        }
        catch (HttpRequestException failure)
        {
            throw new PaymentGatewayException("Stripe could not be reached.", failure);
        }
    }
}
