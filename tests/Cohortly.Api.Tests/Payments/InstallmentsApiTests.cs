using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Payments;

[Collection(EmbeddedAppCollection.Name)]
public sealed class InstallmentsApiTests(EmbeddedAppFixture fixture)
{
    private readonly PaymentClient _pay = new(fixture);

    [Fact]
    public async Task TheInstallmentQuoteSplitsTheDiscountedTotalIntoMonthlyAmountsThatAddUpExactly()
    {
        var bootcampId = await PlanBootcampAsync(price: 90_001, count: 3);
        var coupon = await _pay.CouponAsync(new { code = PaymentClient.NewCode(), amountOffMinor = 1, currency = "USD" });
        var student = await _pay.Bootcamps.StudentAsync();

        var quote = await _pay.Bootcamps.GetJsonAsync(student, $"/api/bootcamps/{bootcampId}/quote?plan=installments&couponCode={coupon}");

        Assert.Equal(("installments", 90_000L), (quote["plan"]!.ToString(), quote["totalMinor"]!.GetValue<long>()));
        var installments = quote["installments"]!.AsArray();
        Assert.Equal([30_000L, 30_000, 30_000], installments.Select(i => i!["amountMinor"]!.GetValue<long>()));
        var due = installments.Select(i => i!["dueAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(due[0].AddMonths(1), due[1]);
        Assert.Equal(due[0].AddMonths(2), due[2]);
        Assert.Empty((await _pay.Bootcamps.GetJsonAsync(student, $"/api/bootcamps/{bootcampId}/quote?plan=full"))["installments"]!.AsArray());
    }

    [Fact]
    public async Task ABootcampWithoutAPlanAnswersTheInstallmentQuoteAndCheckoutWith422()
    {
        var bootcampId = await _pay.PaidBootcampAsync();
        var student = await _pay.Bootcamps.StudentAsync();

        using var quote = await _pay.Http.SendAsync(HttpMethod.Get, $"/api/bootcamps/{bootcampId}/quote?plan=installments", student.AccessToken);
        Assert.EndsWith("installments-not-offered", (await quote.ProblemAsync(HttpStatusCode.UnprocessableEntity)).ProblemType());
        using var checkout = await _pay.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/checkout", student.AccessToken, new { plan = "installments" });
        Assert.EndsWith("installments-not-offered", (await checkout.ProblemAsync(HttpStatusCode.UnprocessableEntity)).ProblemType());
        // Nothing was held: the student can still pay in full.
        await _pay.CheckedOutAsync(student, bootcampId);
    }

    [Fact]
    public async Task TheFirstInstallmentEnrollsAndPayingTheRemainingBalanceMarksTheWholeSchedulePaid()
    {
        var bootcampId = await PlanBootcampAsync(price: 60_000, count: 3);
        var student = await _pay.Bootcamps.StudentAsync("Planning Pia");
        using var response = await _pay.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/checkout", student.AccessToken, new { plan = "installments" });
        await response.ExpectAsync(HttpStatusCode.Created);
        var paymentId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paymentId"]!.ToString();
        Assert.Equal(["scheduled", "scheduled", "scheduled"], Statuses(await _pay.PaymentAsync(student, paymentId)));

        await _pay.PayAsync(student, paymentId, PaymentClient.GoodCard);

        Assert.True(await _pay.EnrolledSoonAsync(student, bootcampId));
        var payment = await Eventually.Until(() => _pay.PaymentAsync(student, paymentId), p => Statuses(p)[0] == "paid", TimeSpan.FromSeconds(15), "the first installment");
        Assert.Equal(("installments", "succeeded"), (payment["plan"]!.ToString(), payment["status"]!.ToString()));
        Assert.Equal(["paid", "scheduled", "scheduled"], Statuses(payment));
        Assert.Equal([20_000L, 20_000, 20_000], payment["schedule"]!.AsArray().Select(c => c!["amountMinor"]!.GetValue<long>()));

        using var remaining = await _pay.Http.SendAsync(HttpMethod.Post, $"/api/payments/{paymentId}/pay-remaining", student.AccessToken);
        await remaining.ExpectAsync(HttpStatusCode.Created);
        var balance = JsonNode.Parse(await remaining.Content.ReadAsStringAsync())!;
        Assert.Equal(($"/pay/{paymentId}", 40_000L), (balance["checkoutUrl"]!.ToString(), balance["amountMinor"]!.GetValue<long>()));
        await _pay.PayAsync(student, paymentId, PaymentClient.GoodCard);

        var settled = await Eventually.Until(() => _pay.PaymentAsync(student, paymentId), p => Statuses(p).All(s => s == "paid"), TimeSpan.FromSeconds(15),
            "the remaining balance");
        Assert.Equal(["paid", "paid", "paid"], Statuses(settled));
        using var nothingLeft = await _pay.Http.SendAsync(HttpMethod.Post, $"/api/payments/{paymentId}/pay-remaining", student.AccessToken);
        Assert.EndsWith("nothing-to-pay", (await nothingLeft.ProblemAsync(HttpStatusCode.Conflict)).ProblemType());
        // A refund gives back at most what was paid: here all three installments.
        using var refund = await _pay.Http.SendAsync(HttpMethod.Post, $"/api/payments/{paymentId}/refunds", _pay.Admin.AccessToken, new { amountMinor = 60_001, reason = "too much" });
        Assert.EndsWith("refund-amount-invalid", (await refund.ProblemAsync(HttpStatusCode.UnprocessableEntity)).ProblemType());
    }

    [Fact]
    public async Task NoOneButThePayerSeesOrPaysAScheduleAndAPaymentInFullHasNoBalance()
    {
        var bootcampId = await PlanBootcampAsync(price: 30_000, count: 2);
        var payer = await _pay.Bootcamps.StudentAsync();
        var other = await _pay.Bootcamps.StudentAsync();
        var instructor = await _pay.Bootcamps.InstructorAsync();
        using var response = await _pay.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/checkout", payer.AccessToken, new { plan = "installments" });
        await response.ExpectAsync(HttpStatusCode.Created);
        var paymentId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paymentId"]!.ToString();
        await _pay.PayAsync(payer, paymentId, PaymentClient.GoodCard);
        await _pay.EnrolledSoonAsync(payer, bootcampId);

        foreach (var caller in new[] { other, instructor })
        {
            Assert.Equal(HttpStatusCode.NotFound, await _pay.Bootcamps.StatusAsync(caller, HttpMethod.Get, $"/api/payments/{paymentId}"));
            Assert.Equal(HttpStatusCode.NotFound, await _pay.Bootcamps.StatusAsync(caller, HttpMethod.Post, $"/api/payments/{paymentId}/pay-remaining"));
            Assert.Equal(HttpStatusCode.NotFound, await _pay.Bootcamps.StatusAsync(caller, HttpMethod.Post, $"/api/payments/{paymentId}/test-card",
                new { cardNumber = PaymentClient.GoodCard }));
        }
        // Admins see the schedule, but paying it is the payer's.
        Assert.Equal(2, (await _pay.PaymentAsync(_pay.Admin, paymentId))["schedule"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NotFound, await _pay.Bootcamps.StatusAsync(_pay.Admin, HttpMethod.Post, $"/api/payments/{paymentId}/pay-remaining"));
        Assert.Equal("scheduled", Statuses(await _pay.PaymentAsync(payer, paymentId))[1]);

        var full = await _pay.CheckedOutAsync(other, await _pay.PaidBootcampAsync());
        using var noPlan = await _pay.Http.SendAsync(HttpMethod.Post, $"/api/payments/{full["paymentId"]}/pay-remaining", other.AccessToken);
        Assert.EndsWith("not-an-installment-plan", (await noPlan.ProblemAsync(HttpStatusCode.UnprocessableEntity)).ProblemType());
    }

    private Task<string> PlanBootcampAsync(long price, int count) =>
        _pay.Bootcamps.CreateBootcampAsync(fixture.Admin, InstallmentBody(price, count));

    public static object InstallmentBody(long price, int count, string? title = null) => new
    {
        title = title ?? "Plan " + Guid.NewGuid().ToString("N")[..6],
        description = "Learn by building, pay by the month.",
        startsAt = DateTimeOffset.UtcNow.AddDays(7),
        endsAt = DateTimeOffset.UtcNow.AddDays(120),
        capacity = 10,
        priceMinor = price,
        currency = "USD",
        tags = new[] { "web" },
        skills = new[] { "testing" },
        installmentCount = count,
    };

    public static List<string> Statuses(JsonNode payment) => [.. payment["schedule"]!.AsArray().Select(c => c!["status"]!.ToString())];
}
