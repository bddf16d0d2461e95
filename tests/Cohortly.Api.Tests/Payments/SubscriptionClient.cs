using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Payments;

/// <summary>Subscriptions through the public API only: subscribe, pay on the embedded gateway's page, read, cancel.</summary>
public sealed class SubscriptionClient(HttpClient http, Tokens admin)
{
    public Task<Tokens> StudentAsync(string name = "Subscriber") => http.RegisterAsync(ApiClient.UniqueEmail("subscriber"), displayName: name);

    public async Task<string> IncludedBootcampAsync(long priceMinor = 50_000, bool included = true)
    {
        using var response = await http.SendAsync(HttpMethod.Post, "/api/bootcamps", admin.AccessToken, new
        {
            title = (included ? "Included " : "Paid only ") + Guid.NewGuid().ToString("N")[..6],
            description = "Learn by building.",
            startsAt = DateTimeOffset.UtcNow.AddDays(7),
            endsAt = DateTimeOffset.UtcNow.AddDays(70),
            capacity = 30,
            priceMinor,
            currency = "USD",
            tags = new[] { "web" },
            skills = new[] { "testing" },
            includedInSubscription = included,
        });
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
    }

    public async Task<JsonNode> SubscribeAsync(Tokens student, string plan = "monthly")
    {
        using var response = await http.SendAsync(HttpMethod.Post, "/api/subscriptions", student.AccessToken, new { plan });
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Subscribes and pays with the good test card, then waits for the webhook to activate it.</summary>
    public async Task<JsonNode> ActiveSubscriptionAsync(Tokens student)
    {
        var subscriptionId = (await SubscribeAsync(student))["subscriptionId"]!.ToString();
        using var paid = await http.SendAsync(HttpMethod.Post, $"/api/subscriptions/{subscriptionId}/test-card", student.AccessToken, new { cardNumber = PaymentClient.GoodCard });
        await paid.ExpectAsync(HttpStatusCode.Accepted);
        return await MineWhenAsync(student, s => s["status"]!.ToString() == "active", "the webhook to activate the subscription");
    }

    public async Task<JsonNode?> MineAsync(Tokens student)
    {
        using var response = await http.SendAsync(HttpMethod.Get, "/api/me/subscription", student.AccessToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public async Task<JsonNode> MineWhenAsync(Tokens student, Func<JsonNode, bool> done, string what, int seconds = 20) =>
        (await Eventually.Until(() => MineAsync(student), s => s is not null && done(s), TimeSpan.FromSeconds(seconds), what))!;

    public async Task<HttpStatusCode> EnrollAsync(Tokens student, string bootcampId)
    {
        using var response = await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken);
        return response.StatusCode;
    }

    /// <summary>What a student meets on a members-only route of the bootcamp: 200, or 403 with the hold's reason.</summary>
    public async Task<(HttpStatusCode Status, string? Why)> MembersRouteAsync(Tokens student, string bootcampId)
    {
        using var response = await http.SendAsync(HttpMethod.Get, $"/api/bootcamps/{bootcampId}/assignments", student.AccessToken);
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, problem["type"]!.ToString().Split('/')[^1] + ": " + problem["title"]);
    }
}
