using Cohortly.Integrations.Payments;

namespace Cohortly.Frontend.Payments;

/// <summary>
/// The embedded gateway's side of a test card: like Stripe, it answers the card at once and reports the outcome a moment
/// later as a signed webhook to <c>POST /webhooks/stripe</c> of this same app, which cannot tell it from Stripe's.
/// A failed delivery is retried a few times (Stripe retries for days; a test gateway's buyer can simply pay again).
/// </summary>
public sealed class TestGatewayWebhooks(IHttpClientFactory clients, IHostApplicationLifetime lifetime, ILogger<TestGatewayWebhooks> logger)
{
    public const string ClientName = "cohortly-test-gateway";

    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    public void Post(Uri webhookUrl, SignedWebhook webhook) => _ = DeliverAsync(webhookUrl, webhook, lifetime.ApplicationStopping);

    private async Task DeliverAsync(Uri webhookUrl, SignedWebhook webhook, CancellationToken stopping)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, webhookUrl)
                {
                    Content = new StringContent(webhook.Payload, System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation(StripeWebhooks.SignatureHeader, webhook.Signature);
                using var response = await clients.CreateClient(ClientName).SendAsync(request, stopping);
                if (response.IsSuccessStatusCode || (int)response.StatusCode is >= 400 and < 500)
                {
                    return;
                }
                logger.LogWarning("The test gateway's webhook answered {Status}", (int)response.StatusCode);
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
            {
                logger.LogWarning(failure, "The test gateway's webhook could not be delivered");
            }
            if (attempt >= RetryDelays.Length || stopping.IsCancellationRequested)
            {
                return;
            }
            await Task.Delay(RetryDelays[attempt], stopping).ConfigureAwait(false);
        }
    }
}
