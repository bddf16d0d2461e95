using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Payments;

/// <summary>
/// An own app whose installments fall due seconds apart with a grace of a few seconds, so the whole path runs as in
/// production: the reminder charges the saved card, the embedded gateway's signed invoice webhook reports the failure,
/// the grace runs out, access is suspended, and a new card on the payment's page restores it.
/// </summary>
public sealed class InstallmentGraceApiTests() : OwnAppTests("cohortly-installment-grace", new Dictionary<string, string>
{
    ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
    ["Cohortly__Payments__InstallmentInterval"] = "00:00:04",
    ["Cohortly__Payments__InstallmentGrace"] = "00:00:07",
})
{
    private const string Title = "Grace Bootcamp";

    [Fact]
    public async Task AFailedInstallmentIsToldThenSuspendsAccessAfterGraceAndANewCardRestoresItAtOnce()
    {
        var admin = await App.Http.RegisterAsync(ApiClient.UniqueEmail("admin"), displayName: "Ada Admin");
        using var created = await App.Http.SendAsync(HttpMethod.Post, "/api/bootcamps", admin.AccessToken, InstallmentsApiTests.InstallmentBody(30_000, 2, Title));
        await created.ExpectAsync(HttpStatusCode.Created);
        var bootcampId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
        var student = await App.Http.RegisterAsync(ApiClient.UniqueEmail("late"), displayName: "Late Lou");
        using var checkout = await App.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/checkout", student.AccessToken, new { plan = "installments" });
        await checkout.ExpectAsync(HttpStatusCode.Created);
        var paymentId = JsonNode.Parse(await checkout.Content.ReadAsStringAsync())!["paymentId"]!.ToString();

        // Stripe's "attaches, but later charges fail" card: the checkout goes through, the next installment will not.
        await CardAsync(student, paymentId, "4000 0000 0000 0341");

        var content = $"/api/bootcamps/{bootcampId}/assignments";
        await Eventually.Until(() => StatusAsync(student, content), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "the enrollment the first installment brings");
        var failed = await Eventually.Until(() => GetJsonAsync(student, $"/api/payments/{paymentId}"),
            p => InstallmentsApiTests.Statuses(p)[1] is "failed" or "overdue", TimeSpan.FromSeconds(30), "the second installment to fail");
        Assert.Equal("paid", InstallmentsApiTests.Statuses(failed)[0]);
        var notice = await Eventually.Until(
            async () => (await GetJsonAsync(student, "/api/notifications"))["items"]!.AsArray().FirstOrDefault(n => n!["kind"]!.ToString() == "payment.failed"),
            n => n is not null, TimeSpan.FromSeconds(20), "the payment.failed notification");
        Assert.Contains("150.00 USD", notice!["body"]!.ToString());
        await Eventually.Until(
            async () => (await GetJsonAsync(admin, "/dev/mailbox?limit=200"))["items"]!.AsArray().Count(m => m!["subject"]!.ToString() == $"Your installment for {Title} did not go through"),
            count => count >= 1, TimeSpan.FromSeconds(20), "the failed-installment email");

        var refused = await Eventually.Until(async () =>
        {
            using var response = await App.Http.SendAsync(HttpMethod.Get, content, student.AccessToken);
            return response.StatusCode == HttpStatusCode.Forbidden ? await response.ProblemAsync(HttpStatusCode.Forbidden) : null;
        }, p => p is not null, TimeSpan.FromSeconds(40), "access to be suspended after the grace period");
        Assert.EndsWith("access-suspended", refused!.ProblemType());
        Assert.Contains($"150.00 USD for {Title} is overdue", refused!["title"]?.ToString() + refused["detail"]);
        Assert.Equal("overdue", InstallmentsApiTests.Statuses(await GetJsonAsync(student, $"/api/payments/{paymentId}"))[1]);

        await CardAsync(student, paymentId, "4242424242424242");

        Assert.Equal(HttpStatusCode.OK, await Eventually.Until(() => StatusAsync(student, content), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "access back"));
        Assert.Equal(["paid", "paid"], InstallmentsApiTests.Statuses(await GetJsonAsync(student, $"/api/payments/{paymentId}")));
    }

    private async Task CardAsync(Tokens student, string paymentId, string card)
    {
        using var response = await App.Http.SendAsync(HttpMethod.Post, $"/api/payments/{paymentId}/test-card", student.AccessToken, new { cardNumber = card });
        await response.ExpectAsync(HttpStatusCode.Accepted);
    }

    private async Task<HttpStatusCode> StatusAsync(Tokens caller, string path)
    {
        using var response = await App.Http.SendAsync(HttpMethod.Get, path, caller.AccessToken);
        return response.StatusCode;
    }

    private async Task<JsonNode> GetJsonAsync(Tokens caller, string path)
    {
        using var response = await App.Http.SendAsync(HttpMethod.Get, path, caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
