using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Payments;

[Collection(EmbeddedAppCollection.Name)]
public sealed class PaymentRefundsApiTests(EmbeddedAppFixture fixture)
{
    private readonly PaymentClient _pay = new(fixture);

    [Fact]
    public async Task AFullRefundWithdrawsTheStudentFreesTheSeatAndTellsThemLiveAndByEmail()
    {
        var bootcampId = await _pay.PaidBootcampAsync(priceMinor: 40_000, capacity: 1);
        var email = ApiClient.UniqueEmail("refunded");
        var student = await _pay.Http.RegisterAsync(email, displayName: "Refunded Rui");
        var paymentId = await PaidAsync(student, bootcampId);

        var refund = await RefundedAsync(paymentId, new { reason = "Changed their mind in the first week" });

        Assert.Equal((40_000L, "succeeded"), (refund["amountMinor"]!.GetValue<long>(), refund["status"]!.ToString()));
        var payment = await _pay.PaymentAsync(student, paymentId);
        Assert.Equal(("refunded", 40_000L), (payment["status"]!.ToString(), payment["refundedMinor"]!.GetValue<long>()));
        var listed = Assert.Single(payment["refunds"]!.AsArray())!;
        Assert.Equal(("Changed their mind in the first week", 40_000L), (listed["reason"]!.ToString(), listed["amountMinor"]!.GetValue<long>()));
        Assert.False(await _pay.IsEnrolledAsync(student, bootcampId));
        var bootcamp = await _pay.Bootcamps.GetJsonAsync(_pay.Admin, $"/api/bootcamps/{bootcampId}");
        Assert.Equal(0, bootcamp["enrolledCount"]!.GetValue<int>());
        var told = await _pay.InboxKindAsync(student, "payment.refunded");
        Assert.Contains("400.00 USD", told["body"]!.ToString(), StringComparison.Ordinal);
        var mail = await Eventually.Until(
            async () => (await _pay.MailboxAsync()).FirstOrDefault(m => m["to"]!.ToString() == email && m["subject"]!.ToString().StartsWith("Refund", StringComparison.Ordinal)),
            found => found is not null, TimeSpan.FromSeconds(15), "the refund email");
        Assert.Contains("Changed their mind in the first week", mail!["text"]!.ToString(), StringComparison.Ordinal);
        // The freed seat can be bought by the next student.
        await _pay.CheckedOutAsync(await _pay.Bootcamps.StudentAsync(), bootcampId);
        // Nothing is left to refund.
        using var again = await PostRefundAsync(paymentId, new { reason = "Again" });
        Assert.EndsWith("refund-not-allowed", (await again.ProblemAsync(HttpStatusCode.UnprocessableEntity)).ProblemType());
    }

    [Fact]
    public async Task APartialRefundKeepsTheEnrollmentAndLeavesTheStudentsOtherPurchasesAlone()
    {
        var first = await _pay.PaidBootcampAsync(priceMinor: 30_000);
        var second = await _pay.PaidBootcampAsync(priceMinor: 20_000);
        var student = await _pay.Bootcamps.StudentAsync("Two Bootcamps");
        var firstPayment = await PaidAsync(student, first);
        var secondPayment = await PaidAsync(student, second);

        var refund = await RefundedAsync(firstPayment, new { amountMinor = 10_000, reason = "Missed the first live class" });

        Assert.Equal(10_000, refund["amountMinor"]!.GetValue<long>());
        var payment = await _pay.PaymentAsync(student, firstPayment);
        Assert.Equal(("partially_refunded", 10_000L), (payment["status"]!.ToString(), payment["refundedMinor"]!.GetValue<long>()));
        var other = await _pay.PaymentAsync(student, secondPayment);
        Assert.Equal(("succeeded", 0L, 0), (other["status"]!.ToString(), other["refundedMinor"]!.GetValue<long>(), other["refunds"]!.AsArray().Count));
        Assert.True(await _pay.IsEnrolledAsync(student, first));
        Assert.True(await _pay.IsEnrolledAsync(student, second));
        Assert.Equal("Part of your payment was refunded", (await _pay.InboxKindAsync(student, "payment.refunded"))["title"]!.ToString());

        // The rest, kept enrolled: the payment is refunded in full and the student stays.
        var rest = await RefundedAsync(firstPayment, new { reason = "Scholarship granted", keepEnrollment = true });

        Assert.Equal(20_000, rest["amountMinor"]!.GetValue<long>());
        Assert.Equal("refunded", (await _pay.PaymentAsync(student, firstPayment))["status"]!.ToString());
        Assert.True(await _pay.IsEnrolledAsync(student, first));
    }

    [Fact]
    public async Task ARefundOfMoreThanIsLeftOfNothingOrOfAnUnpaidPaymentIsRefusedWithItsReason()
    {
        var bootcampId = await _pay.PaidBootcampAsync(priceMinor: 10_000, capacity: 5);
        var student = await _pay.Bootcamps.StudentAsync();
        var paymentId = await PaidAsync(student, bootcampId);
        await RefundedAsync(paymentId, new { amountMinor = 4_000, reason = "Partial" });

        foreach (var amount in new long[] { 6_001, 0, -5 })
        {
            using var refused = await PostRefundAsync(paymentId, new { amountMinor = amount, reason = "Too much" });
            var problem = await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.EndsWith("refund-amount-invalid", problem.ProblemType());
            Assert.Contains("60.00 USD", problem["title"]!.ToString(), StringComparison.Ordinal);
        }
        using var noReason = await PostRefundAsync(paymentId, new { amountMinor = 1_000 });
        Assert.Contains("reason", (await noReason.ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        var pending = (await _pay.CheckedOutAsync(await _pay.Bootcamps.StudentAsync(), bootcampId))["paymentId"]!.ToString();
        using var unpaid = await PostRefundAsync(pending, new { reason = "Not paid yet" });
        Assert.EndsWith("refund-not-allowed", (await unpaid.ProblemAsync(HttpStatusCode.UnprocessableEntity)).ProblemType());
        using var unknown = await PostRefundAsync("no-such-payment", new { reason = "Unknown" });
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(4_000, (await _pay.PaymentAsync(student, paymentId))["refundedMinor"]!.GetValue<long>());
    }

    [Fact]
    public async Task TenRefundsAtOnceNeverGiveBackMoreThanWasPaid()
    {
        var bootcampId = await _pay.PaidBootcampAsync(priceMinor: 10_000);
        var student = await _pay.Bootcamps.StudentAsync();
        var paymentId = await PaidAsync(student, bootcampId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await PostRefundAsync(paymentId, new { amountMinor = 3_000, reason = $"Race {i}", keepEnrollment = true });
            return response.StatusCode;
        }));

        Assert.Equal(3, answers.Count(a => a == HttpStatusCode.Created));
        Assert.Equal(7, answers.Count(a => a == HttpStatusCode.UnprocessableEntity));
        var payment = await _pay.PaymentAsync(_pay.Admin, paymentId);
        Assert.Equal(("partially_refunded", 9_000L, 3), (payment["status"]!.ToString(), payment["refundedMinor"]!.GetValue<long>(), payment["refunds"]!.AsArray().Count));
    }

    [Fact]
    public async Task ARefundRepeatedUnderItsIdempotencyKeyRefundsOnceAndAnswersTheSameRefund()
    {
        var bootcampId = await _pay.PaidBootcampAsync(priceMinor: 10_000);
        var student = await _pay.Bootcamps.StudentAsync();
        var paymentId = await PaidAsync(student, bootcampId);
        var key = Guid.NewGuid().ToString("N");

        var answers = new List<JsonNode>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/payments/{paymentId}/refunds") { Content = ApiClient.RawJson("""{"amountMinor":2000,"reason":"Retried"}""") };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _pay.Admin.AccessToken);
            request.Headers.Add("Idempotency-Key", key);
            using var response = await _pay.Http.SendAsync(request);
            await response.ExpectAsync(HttpStatusCode.Created);
            answers.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }

        Assert.Equal(answers[0]["refundId"]!.ToString(), answers[1]["refundId"]!.ToString());
        var payment = await _pay.PaymentAsync(_pay.Admin, paymentId);
        Assert.Equal((2_000L, 1), (payment["refundedMinor"]!.GetValue<long>(), payment["refunds"]!.AsArray().Count));
    }

    [Fact]
    public async Task OnlyAdminsRefundAndOnlyThePayerAndAdminsGetTheInvoice()
    {
        var bootcampId = await _pay.PaidBootcampAsync();
        var payer = await _pay.Bootcamps.StudentAsync("Payer");
        var other = await _pay.Bootcamps.StudentAsync("Other");
        var instructor = await _pay.Bootcamps.InstructorAsync();
        var paymentId = await PaidAsync(payer, bootcampId);

        foreach (var caller in new[] { payer, other, instructor })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await _pay.Bootcamps.StatusAsync(caller, HttpMethod.Post, $"/api/payments/{paymentId}/refunds", new { reason = "Mine" }));
        }
        Assert.Equal(HttpStatusCode.NotFound, await _pay.Bootcamps.StatusAsync(other, HttpMethod.Get, $"/api/payments/{paymentId}/invoice.pdf"));
        Assert.Equal(HttpStatusCode.NotFound, await _pay.Bootcamps.StatusAsync(instructor, HttpMethod.Get, $"/api/payments/{paymentId}/invoice.pdf"));
        Assert.Equal(HttpStatusCode.OK, await _pay.Bootcamps.StatusAsync(payer, HttpMethod.Get, $"/api/payments/{paymentId}/invoice.pdf"));
        Assert.Equal(HttpStatusCode.OK, await _pay.Bootcamps.StatusAsync(_pay.Admin, HttpMethod.Get, $"/api/payments/{paymentId}/invoice.pdf"));
        Assert.Equal(("succeeded", 0L), ((await _pay.PaymentAsync(payer, paymentId))["status"]!.ToString(), (await _pay.PaymentAsync(payer, paymentId))["refundedMinor"]!.GetValue<long>()));
        var pending = (await _pay.CheckedOutAsync(other, bootcampId))["paymentId"]!.ToString();
        using var noInvoice = await _pay.Http.SendAsync(HttpMethod.Get, $"/api/payments/{pending}/invoice.pdf", other.AccessToken);
        Assert.EndsWith("no-invoice", (await noInvoice.ProblemAsync(HttpStatusCode.Conflict)).ProblemType());
    }

    [Fact]
    public async Task AReplayedChargeRefundedWebhookChangesNothingAndARefundMadeAtTheGatewayIsRecordedOnce()
    {
        var bootcampId = await _pay.PaidBootcampAsync(priceMinor: 10_000);
        var student = await _pay.Bootcamps.StudentAsync();
        var paymentId = await PaidAsync(student, bootcampId);
        await RefundedAsync(paymentId, new { amountMinor = 2_500, reason = "Partial", keepEnrollment = true });
        // The embedded gateway's own charge.refunded for our refund (running total 2,500) arrives and must change nothing;
        // the same totals posted again, under new and old event ids, change nothing either.
        var ours = RefundedEvent("evt_" + Guid.NewGuid().ToString("N"), paymentId, 2_500);
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostSignedAsync(ours)));
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Single((await _pay.PaymentAsync(_pay.Admin, paymentId))["refunds"]!.AsArray());

        // Someone refunds 1,000 more in the gateway's dashboard: recorded once, however often the event comes.
        var outside = RefundedEvent("evt_" + Guid.NewGuid().ToString("N"), paymentId, 3_500);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostSignedAsync(outside)));

        var payment = await _pay.PaymentAsync(_pay.Admin, paymentId);
        Assert.Equal((3_500L, 2), (payment["refundedMinor"]!.GetValue<long>(), payment["refunds"]!.AsArray().Count));
        Assert.Equal(1_000, payment["refunds"]![1]!["amountMinor"]!.GetValue<long>());
        Assert.True(await _pay.IsEnrolledAsync(student, bootcampId));
    }

    [Fact]
    public async Task TheInvoiceNamesSellerBuyerDiscountTotalsAndRefundsUnderASequentialNumber()
    {
        var bootcampId = await _pay.PaidBootcampAsync(priceMinor: 50_000);
        var title = (await _pay.Bootcamps.GetJsonAsync(_pay.Admin, $"/api/bootcamps/{bootcampId}"))["title"]!.ToString();
        var code = await _pay.CouponAsync(new { code = PaymentClient.NewCode(), percentOff = 10 });
        var email = ApiClient.UniqueEmail("invoice");
        var student = await _pay.Http.RegisterAsync(email, displayName: "Invoiced Ines");
        var paymentId = await PaidAsync(student, bootcampId, code);
        await RefundedAsync(paymentId, new { amountMinor = 5_000, reason = "Goodwill", keepEnrollment = true });

        var text = await InvoiceTextAsync(student, paymentId);

        var number = (await _pay.PaymentAsync(student, paymentId))["invoiceNumber"]!.ToString();
        Assert.Matches($"^INV-{DateTimeOffset.UtcNow.Year}-\\d{{6}}$", number);
        foreach (var expected in new[] { "INVOICE", number, "Cohortly", "Invoiced Ines", email, title, "500.00 USD", $"Discount (coupon {code})", "-50.00 USD", "450.00 USD", "Goodwill", "-50.00 USD", "Net paid", "400.00 USD" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("tax", text, StringComparison.OrdinalIgnoreCase);
        // Deterministic: the same stored payment prints the same text again.
        Assert.Equal(text, await InvoiceTextAsync(_pay.Admin, paymentId));
    }

    [Fact]
    public async Task TwentyPaymentsSucceedingAtOnceGetTwentyConsecutiveInvoiceNumbers()
    {
        var bootcampId = await _pay.PaidBootcampAsync(priceMinor: 1_000, capacity: 30);
        var students = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _pay.Bootcamps.StudentAsync($"Buyer {i}")));
        var payments = await Task.WhenAll(students.Select(async s => (s, (await _pay.CheckedOutAsync(s, bootcampId))["paymentId"]!.ToString())));

        await Task.WhenAll(payments.Select(p =>
        {
            var payload = PaymentClient.CompletedEvent("evt_" + Guid.NewGuid().ToString("N"), p.Item2, 1_000);
            return _pay.PostWebhookAsync(payload, PaymentClient.Signature(payload, _pay.WebhookSecret, DateTimeOffset.UtcNow));
        }));

        var numbers = await Task.WhenAll(payments.Select(p => Eventually.Until(
            async () => (await _pay.PaymentAsync(p.s, p.Item2))["invoiceNumber"]?.ToString(),
            number => number is not null, TimeSpan.FromSeconds(20), "the invoice number")));
        var sequence = numbers.Select(n => long.Parse(n!.Split('-')[2], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(20, sequence.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => sequence[0] + i), sequence);
    }

    private async Task<string> PaidAsync(Tokens student, string bootcampId, string? couponCode = null)
    {
        var paymentId = (await _pay.CheckedOutAsync(student, bootcampId, couponCode))["paymentId"]!.ToString();
        await _pay.PayAsync(student, paymentId, PaymentClient.GoodCard);
        Assert.Equal("succeeded", (await _pay.SettledAsync(student, paymentId))["status"]!.ToString());
        Assert.True(await _pay.EnrolledSoonAsync(student, bootcampId));
        return paymentId;
    }

    private Task<HttpResponseMessage> PostRefundAsync(string paymentId, object body) =>
        _pay.Http.SendAsync(HttpMethod.Post, $"/api/payments/{paymentId}/refunds", _pay.Admin.AccessToken, body);

    private async Task<JsonNode> RefundedAsync(string paymentId, object body)
    {
        using var response = await PostRefundAsync(paymentId, body);
        await response.ExpectAsync(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private Task<HttpStatusCode> PostSignedAsync(string payload) =>
        _pay.PostWebhookAsync(payload, PaymentClient.Signature(payload, _pay.WebhookSecret, DateTimeOffset.UtcNow));

    private static string RefundedEvent(string eventId, string paymentId, long amountRefunded) =>
        PaymentClient.StripeEvent(eventId, "charge.refunded", new JsonObject
        {
            ["id"] = "ch_test_" + paymentId,
            ["object"] = "charge",
            ["amount"] = 10_000,
            ["amount_refunded"] = amountRefunded,
            ["currency"] = "usd",
            ["metadata"] = new JsonObject { ["payment_id"] = paymentId },
        });

    private async Task<string> InvoiceTextAsync(Tokens caller, string paymentId)
    {
        using var response = await _pay.Http.SendAsync(HttpMethod.Get, $"/api/payments/{paymentId}/invoice.pdf", caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        using var document = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        return string.Join("\n", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(w => w.Text))));
    }
}
