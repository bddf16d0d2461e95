using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Payments;

/// <summary>Stripe configured but unreachable (its API address refuses connections): a checkout must fail cleanly.</summary>
public sealed class GatewayOutageTests() : OwnAppTests("cohortly-gateway-outage", new Dictionary<string, string>(EmbeddedAppFixture.Environment)
    {
        ["Cohortly__Stripe__SecretKey"] = "sk_test_unreachable",
        ["Cohortly__Stripe__WebhookSecret"] = "whsec_unreachable",
        ["Cohortly__Stripe__PublicUrl"] = "http://127.0.0.1:5000",
        // Port 9 (discard) has no listener on loopback: every call is refused at once.
        ["Cohortly__Stripe__ApiBase"] = "http://127.0.0.1:9",
    })
{
    [Fact]
    public async Task ACheckoutWhileThePaymentServiceIsDownAnswers503AndGivesTheSeatBack()
    {
        var admin = await App.Http.RegisterAsync(displayName: "Ada Admin");
        string bootcampId;
        using (var created = await App.Http.SendAsync(HttpMethod.Post, "/api/bootcamps", admin.AccessToken,
            ApiClient.BootcampBody(title: "Paid while down", capacity: 1, priceMinor: 40_000)))
        {
            await created.ExpectAsync(HttpStatusCode.Created);
            bootcampId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
        }

        foreach (var name in new[] { "First Buyer", "Second Buyer" })
        {
            var student = await App.Http.RegisterAsync(displayName: name);
            using var checkout = await App.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/checkout", student.AccessToken, new { plan = "full" });
            // The second buyer meets the same outage, not "bootcamp-full": the first checkout's hold on the only seat went back.
            var problem = await checkout.ProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.EndsWith("payment-gateway-unavailable", problem.ProblemType());
            Assert.NotNull(checkout.Headers.RetryAfter);

            using var listed = await App.Http.SendAsync(HttpMethod.Get, "/api/me/payments", student.AccessToken);
            await listed.ExpectAsync(HttpStatusCode.OK);
            var mine = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!;
            var payment = Assert.Single(mine["items"]!.AsArray())!;
            Assert.Equal("failed", payment["status"]!.ToString());
            Assert.Contains("nothing was charged", payment["failureReason"]!.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }
}
