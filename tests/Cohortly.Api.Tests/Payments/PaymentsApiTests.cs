using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Payments;

[Collection(EmbeddedAppCollection.Name)]
public sealed class PaymentsApiTests(EmbeddedAppFixture fixture)
{
    private readonly PaymentClient _pay = new(fixture);

    [Fact]
    public async Task AStudentWhoPaysWithTheTestCardIsEnrolledOnlyOnceTheWebhookConfirmsIt()
    {
        var bootcampId = await _pay.PaidBootcampAsync(priceMinor: 50_000);
        var student = await _pay.Bootcamps.StudentAsync("Paying Pat");
        Assert.Equal(HttpStatusCode.PaymentRequired, await _pay.Bootcamps.StatusAsync(student, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments"));

        var quote = await _pay.Bootcamps.GetJsonAsync(student, $"/api/bootcamps/{bootcampId}/quote?plan=full");
        Assert.Equal(50_000, quote["totalMinor"]!.GetValue<long>());
        Assert.DoesNotContain((await _pay.Bootcamps.GetJsonAsync(student, "/api/me/home"))["cards"]!.AsArray(), c => c!["kind"]!.ToString() == "payments.recent");
        var checkout = await _pay.CheckedOutAsync(student, bootcampId);
        var paymentId = checkout["paymentId"]!.ToString();
        Assert.Equal("pending", checkout["status"]!.ToString());
        var home = await _pay.Bootcamps.GetJsonAsync(student, "/api/me/home");
        var card = Assert.Single(home["cards"]!.AsArray(), c => c!["kind"]!.ToString() == "payments.recent")!;
        Assert.Equal(("pending", 1), (card["data"]!["recent"]![0]!["status"]!.ToString(), card["data"]!["total"]!.GetValue<int>()));
        Assert.Equal($"/pay/{paymentId}", checkout["checkoutUrl"]!.ToString());
        Assert.True(checkout["seatHeldUntil"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(20));
        // The held seat is taken from the catalog's count while the student pays, but they are not enrolled yet.
        Assert.False(await _pay.IsEnrolledAsync(student, bootcampId));

        await _pay.PayAsync(student, paymentId, PaymentClient.GoodCard);

        var payment = await _pay.SettledAsync(student, paymentId);
        Assert.Equal("succeeded", payment["status"]!.ToString());
        Assert.True(await _pay.EnrolledSoonAsync(student, bootcampId));
        Assert.Equal(paymentId, (await _pay.InboxKindAsync(student, "payment.succeeded"))["data"]!["paymentId"]!.ToString());
        // Enrolling again is idempotent now that the seat is paid for.
        Assert.Equal(HttpStatusCode.Created, await _pay.Bootcamps.StatusAsync(student, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments"));
        var mine = await _pay.Bootcamps.GetJsonAsync(student, "/api/me/payments");
        Assert.Equal(paymentId, mine["items"]![0]!["paymentId"]!.ToString());
        using var twice = await _pay.CheckoutAsync(student, bootcampId);
        var again = await twice.ProblemAsync(HttpStatusCode.Conflict);
        Assert.EndsWith("already-enrolled", again.ProblemType());
        var admins = await _pay.Bootcamps.GetJsonAsync(_pay.Admin, $"/api/bootcamps/{bootcampId}/payments");
        Assert.Equal(paymentId, admins["items"]![0]!["paymentId"]!.ToString());
        // Paying again on a settled payment is refused.
        using var late = await _pay.Http.SendAsync(HttpMethod.Post, $"/api/payments/{paymentId}/test-card", student.AccessToken, new { cardNumber = PaymentClient.GoodCard });
        Assert.EndsWith("payment-not-pending", (await late.ProblemAsync(HttpStatusCode.Conflict)).ProblemType());
    }

    [Theory]
    [InlineData(PaymentClient.DeclinedCard, "declined")]
    [InlineData(PaymentClient.NoFundsCard, "insufficient funds")]
    public async Task ADeclinedCardLeavesTheStudentUnenrolledWithAReasonInPlainWords(string card, string reason)
    {
        var bootcampId = await _pay.PaidBootcampAsync(capacity: 1);
        var student = await _pay.Bootcamps.StudentAsync();
        var paymentId = (await _pay.CheckedOutAsync(student, bootcampId))["paymentId"]!.ToString();

        await _pay.PayAsync(student, paymentId, card);

        var payment = await _pay.SettledAsync(student, paymentId);
        Assert.Equal("failed", payment["status"]!.ToString());
        Assert.Contains(reason, payment["failureReason"]!.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(await _pay.IsEnrolledAsync(student, bootcampId));
        var told = await _pay.InboxKindAsync(student, "payment.failed");
        Assert.Contains(reason, told["body"]!.ToString(), StringComparison.OrdinalIgnoreCase);
        // The failed checkout gave its seat back: the only seat is free for the next buyer.
        var next = await _pay.Bootcamps.StudentAsync();
        await _pay.CheckedOutAsync(next, bootcampId);
    }

    [Fact]
    public async Task ACouponLowersTheQuoteAndAFullCouponEnrollsAtOnceWithoutTheGateway()
    {
        var bootcampId = await _pay.PaidBootcampAsync(priceMinor: 50_000);
        var quarter = await _pay.CouponAsync(new { code = PaymentClient.NewCode(), percentOff = 25 });
        var free = await _pay.CouponAsync(new { code = PaymentClient.NewCode().ToLowerInvariant(), percentOff = 100, bootcampIds = new[] { bootcampId } });
        var student = await _pay.Bootcamps.StudentAsync();

        var quote = await _pay.Bootcamps.GetJsonAsync(student, $"/api/bootcamps/{bootcampId}/quote?plan=full&couponCode={quarter.ToLowerInvariant()}");
        Assert.Equal((50_000L, 12_500L, 37_500L), (quote["priceMinor"]!.GetValue<long>(), quote["discountMinor"]!.GetValue<long>(), quote["totalMinor"]!.GetValue<long>()));
        using var unknown = await _pay.Http.SendAsync(HttpMethod.Get, $"/api/bootcamps/{bootcampId}/quote?couponCode=NO-SUCH-CODE", student.AccessToken);
        var problem = await unknown.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.EndsWith("coupon-invalid", problem.ProblemType());
        Assert.Contains("No coupon", problem["title"]!.ToString());

        var checkout = await _pay.CheckedOutAsync(student, bootcampId, free);
        Assert.Equal("succeeded", checkout["status"]!.ToString());
        Assert.Equal(0, checkout["totalMinor"]!.GetValue<long>());
        Assert.True(await _pay.IsEnrolledAsync(student, bootcampId));
        var coupons = await _pay.Bootcamps.GetJsonAsync(_pay.Admin, "/api/coupons?pageSize=100");
        Assert.Equal(1, coupons["items"]!.AsArray().Single(c => c!["code"]!.ToString() == free)!["redemptions"]!.GetValue<int>());
    }

    [Fact]
    public async Task ACouponLimitedToOtherBootcampsOrExpiredIsRefusedWithItsReason()
    {
        var bootcampId = await _pay.PaidBootcampAsync();
        var elsewhere = await _pay.CouponAsync(new { code = PaymentClient.NewCode(), amountOffMinor = 1000, currency = "USD", bootcampIds = new[] { "another-bootcamp" } });
        var expired = await _pay.CouponAsync(new { code = PaymentClient.NewCode(), percentOff = 10, expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var student = await _pay.Bootcamps.StudentAsync();

        foreach (var (code, why) in new[] { (elsewhere, "not valid for this bootcamp"), (expired, "expired") })
        {
            using var response = await _pay.CheckoutAsync(student, bootcampId, code);
            var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Contains(why, problem["title"]!.ToString());
        }
        // The refused checkouts held no seat: the student can still check out without a coupon.
        await _pay.CheckedOutAsync(student, bootcampId);
    }

    [Fact]
    public async Task AWebhookWithABadOrStaleSignatureIsRefusedAndChangesNothing()
    {
        var bootcampId = await _pay.PaidBootcampAsync();
        var student = await _pay.Bootcamps.StudentAsync();
        var paymentId = (await _pay.CheckedOutAsync(student, bootcampId))["paymentId"]!.ToString();
        var payload = PaymentClient.CompletedEvent("evt_" + Guid.NewGuid().ToString("N"), paymentId, 50_000);

        Assert.Equal(HttpStatusCode.BadRequest, await _pay.PostWebhookAsync(payload, PaymentClient.Signature(payload, "whsec_not_the_secret", DateTimeOffset.UtcNow)));
        Assert.Equal(HttpStatusCode.BadRequest, await _pay.PostWebhookAsync(payload, PaymentClient.Signature(payload, _pay.WebhookSecret, DateTimeOffset.UtcNow.AddMinutes(-6))));
        Assert.Equal(HttpStatusCode.BadRequest, await _pay.PostWebhookAsync(payload, ""));
        Assert.Equal(HttpStatusCode.BadRequest, await _pay.PostWebhookAsync(payload.Replace("50000", "1"), PaymentClient.Signature(payload, _pay.WebhookSecret, DateTimeOffset.UtcNow)));

        Assert.Equal("pending", (await _pay.PaymentAsync(student, paymentId))["status"]!.ToString());
        Assert.False(await _pay.IsEnrolledAsync(student, bootcampId));
    }

    [Fact]
    public async Task OneEventDeliveredTenTimesAtOnceEnrollsOnceAndSendsOneReceipt()
    {
        var bootcampId = await _pay.PaidBootcampAsync(priceMinor: 12_345);
        var email = ApiClient.UniqueEmail("receipt");
        var student = await _pay.Http.RegisterAsync(email, displayName: "Receipt Rae");
        var paymentId = (await _pay.CheckedOutAsync(student, bootcampId))["paymentId"]!.ToString();
        var payload = PaymentClient.CompletedEvent("evt_" + Guid.NewGuid().ToString("N"), paymentId, 12_345);
        var signature = PaymentClient.Signature(payload, _pay.WebhookSecret, DateTimeOffset.UtcNow);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _pay.PostWebhookAsync(payload, signature)));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.True(await _pay.EnrolledSoonAsync(student, bootcampId));
        var receipts = await Eventually.Until(
            async () => (await _pay.MailboxAsync()).Where(m => m["to"]!.ToString() == email && m["subject"]!.ToString().StartsWith("Receipt", StringComparison.Ordinal)).ToList(),
            found => found.Count > 0, TimeSpan.FromSeconds(15), "the receipt");
        Assert.Contains("123.45 USD", receipts[0]["text"]!.ToString());
        // The welcome-confirmation email of the enrollment arrives too; once it has, every effect of the storm is in.
        await Eventually.Until(
            async () => (await _pay.MailboxAsync()).Count(m => m["to"]!.ToString() == email && m["subject"]!.ToString().Contains("enrolled", StringComparison.OrdinalIgnoreCase)),
            count => count > 0, TimeSpan.FromSeconds(15), "the enrollment email");
        Assert.Single(await _pay.MailboxAsync(), m => m["to"]!.ToString() == email && m["subject"]!.ToString().StartsWith("Receipt", StringComparison.Ordinal));
        var bootcamp = await _pay.Bootcamps.GetJsonAsync(_pay.Admin, $"/api/bootcamps/{bootcampId}");
        Assert.Equal(1, bootcamp["enrolledCount"]!.GetValue<int>());
        var roster = await _pay.Bootcamps.GetJsonAsync(_pay.Admin, $"/api/bootcamps/{bootcampId}/enrollments");
        Assert.Equal(1, roster["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnEventTypeCohortlyDoesNotUseIsAnsweredOkAndIgnored()
    {
        var bootcampId = await _pay.PaidBootcampAsync();
        var student = await _pay.Bootcamps.StudentAsync();
        var paymentId = (await _pay.CheckedOutAsync(student, bootcampId))["paymentId"]!.ToString();
        var payload = PaymentClient.CompletedEvent("evt_" + Guid.NewGuid().ToString("N"), paymentId, 50_000, type: "customer.created");

        Assert.Equal(HttpStatusCode.OK, await _pay.PostWebhookAsync(payload, PaymentClient.Signature(payload, _pay.WebhookSecret, DateTimeOffset.UtcNow)));

        Assert.Equal("pending", (await _pay.PaymentAsync(student, paymentId))["status"]!.ToString());
    }

    [Fact]
    public async Task TwoStudentsPayingForTheLastSeatGetOneSeatBetweenThem()
    {
        var bootcampId = await _pay.PaidBootcampAsync(capacity: 1);
        var students = await Task.WhenAll(_pay.Bootcamps.StudentAsync("First"), _pay.Bootcamps.StudentAsync("Second"));

        var answers = await Task.WhenAll(students.Select(async s =>
        {
            using var response = await _pay.CheckoutAsync(s, bootcampId);
            return response.StatusCode;
        }));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Order());
    }

    [Fact]
    public async Task ACouponWithOneRedemptionLeftUsedByTwentyAtOnceGivesOneDiscount()
    {
        var bootcampId = await _pay.PaidBootcampAsync(capacity: 30);
        var code = await _pay.CouponAsync(new { code = PaymentClient.NewCode(), percentOff = 50, maxRedemptions = 1 });
        var students = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _pay.Bootcamps.StudentAsync($"Buyer {i}")));

        var answers = await Task.WhenAll(students.Select(async s =>
        {
            using var response = await _pay.CheckoutAsync(s, bootcampId, code);
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(a => a == HttpStatusCode.Created));
        Assert.Equal(19, answers.Count(a => a == HttpStatusCode.UnprocessableEntity));
        var coupon = (await _pay.Bootcamps.GetJsonAsync(_pay.Admin, "/api/coupons?pageSize=100"))["items"]!.AsArray().Single(c => c!["code"]!.ToString() == code)!;
        Assert.Equal((0, 1), (coupon["redemptions"]!.GetValue<int>(), coupon["reserved"]!.GetValue<int>()));
    }

    [Fact]
    public async Task StudentsCannotSeeOthersPaymentsOrManageCouponsAndInstructorsSeeNoRevenue()
    {
        var bootcampId = await _pay.PaidBootcampAsync();
        var payer = await _pay.Bootcamps.StudentAsync("Payer");
        var other = await _pay.Bootcamps.StudentAsync("Other");
        var instructor = await _pay.Bootcamps.InstructorAsync();
        var paymentId = (await _pay.CheckedOutAsync(payer, bootcampId))["paymentId"]!.ToString();

        Assert.Equal(HttpStatusCode.NotFound, await _pay.Bootcamps.StatusAsync(other, HttpMethod.Get, $"/api/payments/{paymentId}"));
        Assert.Equal(HttpStatusCode.NotFound, await _pay.Bootcamps.StatusAsync(other, HttpMethod.Post, $"/api/payments/{paymentId}/test-card", new { cardNumber = PaymentClient.GoodCard }));
        Assert.Equal(HttpStatusCode.Forbidden, await _pay.Bootcamps.StatusAsync(other, HttpMethod.Post, "/api/coupons", new { code = PaymentClient.NewCode(), percentOff = 100 }));
        Assert.Equal(HttpStatusCode.Forbidden, await _pay.Bootcamps.StatusAsync(other, HttpMethod.Get, "/api/coupons"));
        Assert.Equal(HttpStatusCode.Forbidden, await _pay.Bootcamps.StatusAsync(other, HttpMethod.Get, $"/api/bootcamps/{bootcampId}/payments"));
        Assert.Equal(HttpStatusCode.Forbidden, await _pay.Bootcamps.StatusAsync(instructor, HttpMethod.Get, $"/api/bootcamps/{bootcampId}/payments"));
        Assert.Equal(HttpStatusCode.Forbidden, await _pay.Bootcamps.StatusAsync(instructor, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/checkout", new { plan = "full" }));
        Assert.Empty((await _pay.Bootcamps.GetJsonAsync(other, "/api/me/payments"))["items"]!.AsArray());
        Assert.Equal(paymentId, (await _pay.PaymentAsync(_pay.Admin, paymentId))["paymentId"]!.ToString());
    }

    [Fact]
    public async Task BadCouponsAndCardNumbersAreRefusedFieldByField()
    {
        var bootcampId = await _pay.PaidBootcampAsync();
        var student = await _pay.Bootcamps.StudentAsync();
        var paymentId = (await _pay.CheckedOutAsync(student, bootcampId))["paymentId"]!.ToString();

        using var notATestCard = await _pay.Http.SendAsync(HttpMethod.Post, $"/api/payments/{paymentId}/test-card", student.AccessToken, new { cardNumber = "1234 5678 9012 3456" });
        Assert.NotEmpty((await notATestCard.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("cardNumber"));
        using var both = await _pay.Http.SendAsync(HttpMethod.Post, "/api/coupons", _pay.Admin.AccessToken, new { code = PaymentClient.NewCode(), percentOff = 10, amountOffMinor = 100 });
        Assert.NotEmpty((await both.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("percentOff"));
        using var tooMuch = await _pay.Http.SendAsync(HttpMethod.Post, "/api/coupons", _pay.Admin.AccessToken, new { code = PaymentClient.NewCode(), percentOff = 150 });
        Assert.NotEmpty((await tooMuch.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("percentOff"));
        using var badCode = await _pay.Http.SendAsync(HttpMethod.Post, "/api/coupons", _pay.Admin.AccessToken, new { code = "no spaces!", percentOff = 10 });
        Assert.NotEmpty((await badCode.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("code"));
        var code = await _pay.CouponAsync(new { code = PaymentClient.NewCode(), percentOff = 10 });
        using var taken = await _pay.Http.SendAsync(HttpMethod.Post, "/api/coupons", _pay.Admin.AccessToken, new { code, percentOff = 20 });
        Assert.EndsWith("coupon-exists", (await taken.ProblemAsync(HttpStatusCode.Conflict)).ProblemType());
    }

    [Fact]
    public async Task OnceSomeoneHasPaidOnlyAdminsCanChangeThePrice()
    {
        var instructor = await _pay.Bootcamps.InstructorAsync();
        var bootcampId = await _pay.Bootcamps.CreateBootcampAsync(instructor, ApiClient.BootcampBody(priceMinor: 20_000));
        Assert.Equal(HttpStatusCode.OK, await _pay.Bootcamps.StatusAsync(instructor, HttpMethod.Patch, $"/api/bootcamps/{bootcampId}", new { priceMinor = 30_000 }));
        var student = await _pay.Bootcamps.StudentAsync();
        var paymentId = (await _pay.CheckedOutAsync(student, bootcampId))["paymentId"]!.ToString();
        await _pay.PayAsync(student, paymentId, PaymentClient.GoodCard);
        await _pay.EnrolledSoonAsync(student, bootcampId);

        Assert.Equal(HttpStatusCode.Forbidden, await _pay.Bootcamps.StatusAsync(instructor, HttpMethod.Patch, $"/api/bootcamps/{bootcampId}", new { priceMinor = 10_000 }));
        Assert.Equal(HttpStatusCode.OK, await _pay.Bootcamps.StatusAsync(instructor, HttpMethod.Patch, $"/api/bootcamps/{bootcampId}", new { title = "Renamed, same price" }));
        Assert.Equal(HttpStatusCode.OK, await _pay.Bootcamps.StatusAsync(_pay.Admin, HttpMethod.Patch, $"/api/bootcamps/{bootcampId}", new { priceMinor = 10_000 }));
    }

    [Fact]
    public async Task NoCardNumberIsStoredOrLogged()
    {
        var bootcampId = await _pay.PaidBootcampAsync(capacity: 5);
        foreach (var card in new[] { PaymentClient.DeclinedCard, PaymentClient.NoFundsCard, PaymentClient.GoodCard })
        {
            var student = await _pay.Bootcamps.StudentAsync();
            var paymentId = (await _pay.CheckedOutAsync(student, bootcampId))["paymentId"]!.ToString();
            await _pay.PayAsync(student, paymentId, card);
            await _pay.SettledAsync(student, paymentId);
        }

        string[] numbers = ["4242424242424242", "4000000000000002", "4000000000009995", "4242 4242 4242 4242"];
        foreach (var file in Directory.EnumerateFiles(fixture.App.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await ReadSharedAsync(file);
            var text = System.Text.Encoding.UTF8.GetString(bytes) + System.Text.Encoding.Unicode.GetString(bytes);
            Assert.DoesNotContain(numbers, n => text.Contains(n, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(numbers, n => fixture.App.Output.Contains(n, StringComparison.Ordinal));
    }

    private static async Task<byte[]> ReadSharedAsync(string file)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
