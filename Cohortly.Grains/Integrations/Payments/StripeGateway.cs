using Stripe;
using Stripe.Checkout;

namespace Cohortly.Integrations.Payments;

/// <summary>
/// Stripe Checkout (hosted: card data never touches Cohortly). Every create carries an idempotency key made from our
/// payment id, so a retried checkout reaches the session the first made instead of a second one.
/// </summary>
public sealed partial class StripeGateway : IPaymentGateway
{
    /// <summary>Stripe refuses a session that expires sooner than this.</summary>
    private static readonly TimeSpan ShortestSession = TimeSpan.FromMinutes(30);

    private readonly StripeOptions _options;
    private readonly StripeClient _client;
    private readonly TimeProvider _time;

    public StripeGateway(StripeOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var clientOptions = new StripeClientOptions { ApiKey = options.SecretKey };
        if (!string.IsNullOrWhiteSpace(options.ApiBase))
        {
            clientOptions.ApiBase = options.ApiBase.TrimEnd('/');
        }
        _client = new StripeClient(clientOptions);
    }

    public string WebhookSecret => _options.WebhookSecret!;

    public async Task<CheckoutSession> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken cancellationToken = default)
    {
        var metadata = new Dictionary<string, string> { [StripeWebhooks.PaymentIdKey] = request.PaymentId };
        var returnUrl = _options.PublicUrl!.TrimEnd('/') + request.ReturnPath;
        var earliest = _time.GetUtcNow() + ShortestSession;
        var create = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = request.UserId,
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = request.Currency.ToLowerInvariant(),
                        UnitAmount = request.AmountMinor,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = request.Description },
                    },
                },
            ],
            SuccessUrl = returnUrl,
            CancelUrl = returnUrl,
            ExpiresAt = (request.ExpiresAt > earliest ? request.ExpiresAt : earliest).UtcDateTime,
        };
        try
        {
            var session = await new SessionService(_client).CreateAsync(
                create, new RequestOptions { IdempotencyKey = $"cohortly-checkout-{request.PaymentId}" }, cancellationToken);
            return new CheckoutSession(session.Id, session.Url);
        }
        catch (StripeException failure)
        {
            throw new PaymentGatewayException($"Stripe refused the checkout session: {failure.StripeError?.Message ?? failure.Message}", failure);
        }
        catch (HttpRequestException failure)
        {
            throw new PaymentGatewayException("Stripe could not be reached.", failure);
        }
    }

    public async Task<GatewayCheckoutStatus?> GetCheckoutStatusAsync(string paymentId, string? sessionId, CancellationToken cancellationToken = default)
    {
        if (sessionId is null)
        {
            // The checkout never reached Stripe (the create failed), so Stripe has nothing to say about it.
            return null;
        }
        Session session;
        try
        {
            // The charge behind the session says how much was refunded since.
            session = await new SessionService(_client).GetAsync(sessionId,
                new SessionGetOptions { Expand = ["payment_intent.latest_charge"] }, cancellationToken: cancellationToken);
        }
        catch (StripeException failure) when (failure.HttpStatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (StripeException failure)
        {
            throw new PaymentGatewayException($"Stripe refused to show checkout session {sessionId}: {failure.StripeError?.Message ?? failure.Message}", failure);
        }
        catch (HttpRequestException failure)
        {
            throw new PaymentGatewayException("Stripe could not be reached.", failure);
        }
        var state = session.PaymentStatus is "paid" or "no_payment_required" ? GatewayCheckoutState.Paid
            : session.Status == "expired" ? GatewayCheckoutState.Expired
            : GatewayCheckoutState.Open;
        return new GatewayCheckoutStatus(state, session.AmountTotal ?? 0, session.PaymentIntent?.LatestCharge?.AmountRefunded ?? 0);
    }
}
