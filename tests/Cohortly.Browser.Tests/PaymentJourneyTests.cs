using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>Paying for a bootcamp through the embedded test gateway: a coupon made on the admins' page, a card that works and one that does not.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PaymentJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private static readonly ViewportSize Laptop = new() { Width = 1366, Height = 900 };

    private static readonly ConditionalWeakTable<BrowserFixture, Task<Cast>> Casts = new();

    private Task<Cast> CastAsync() => Casts.GetValue(fixture, f => Cast.RegisterAsync(f.App.Http, "Ines Instructor", "Pat Payer"));

    [Fact]
    public Task AStudentPaysWithACouponOnTheTestCheckoutAndLandsEnrolled() => fixture.RunJourneyAsync(async () =>
    {
        var cast = await CastAsync();
        var bootcampId = await Classroom.CreateAsync(fixture.App.Http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Paid Rust", priceMinor: 40_000));
        var code = "SPRING" + Guid.NewGuid().ToString("N")[..4].ToUpperInvariant();

        var admin = await fixture.NewPageAsync(Laptop);
        await AccountJourneyTests.LogInAsync(admin, cast.AdminEmail, AccountJourneyTests.Password);
        await admin.GetByTestId("admin-menu-button").ClickAsync();
        await admin.GetByTestId("nav-admin").GetByRole(AriaRole.Link, new() { Name = "Coupons" }).ClickAsync();
        await admin.GetByTestId("coupon-code").FillAsync(code);
        await admin.GetByTestId("coupon-amount").FillAsync("25");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create coupon" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("coupon-row").Filter(new() { HasText = code })).ToContainTextAsync("25 % off");

        var page = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(page, cast.StudentEmail, AccountJourneyTests.Password);
        await page.GotoAsync($"/bootcamps/{bootcampId}");
        await Assertions.Expect(page.GetByTestId("pay-total")).ToContainTextAsync("400");
        await page.GetByLabel("Coupon code").FillAsync(code.ToLowerInvariant());
        await page.GetByTestId("apply-coupon").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pay-total")).ToContainTextAsync("300");
        await page.GetByTestId("pay-button").ClickAsync();

        await Assertions.Expect(page.GetByTestId("pay-page-total")).ToContainTextAsync("300");
        await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("pay-succeeded")).ToContainTextAsync("you're enrolled", new() { Timeout = 15_000 });
        await page.GetByTestId("back-to-bootcamp").ClickAsync();
        await Assertions.Expect(page.GetByTestId("enrolled-badge")).ToBeVisibleAsync();
        await page.GotoAsync("/me/payments");
        await Assertions.Expect(page.GetByTestId("payment-row")).ToContainTextAsync("Paid");
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("home-payments")).ToContainTextAsync("Paid Rust");
        Assert.Empty(fixture.ConsoleErrors);
    });

    [Fact]
    public Task ADeclinedCardSaysSoInPlainWordsAndLeavesTheStudentFreeToTryAgain() => fixture.RunJourneyAsync(async () =>
    {
        var cast = await CastAsync();
        var bootcampId = await Classroom.CreateAsync(fixture.App.Http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Paid Go", priceMinor: 15_000));

        var page = await fixture.NewPageAsync(Laptop);
        await AccountJourneyTests.LogInAsync(page, cast.StudentEmail, AccountJourneyTests.Password);
        await page.GotoAsync($"/bootcamps/{bootcampId}");
        await page.GetByTestId("pay-button").ClickAsync();
        await page.GetByLabel("Card number").FillAsync("4000 0000 0000 0002");
        await page.GetByTestId("card-pay-button").ClickAsync();

        await Assertions.Expect(page.GetByTestId("pay-failed")).ToContainTextAsync("Your card was declined", new() { Timeout = 15_000 });
        await page.GetByTestId("back-to-bootcamp").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pay-button")).ToBeEnabledAsync();
        await Assertions.Expect(page.GetByTestId("enrolled-badge")).ToHaveCountAsync(0);
        Assert.Empty(fixture.ConsoleErrors);
    });
    [Fact]
    public Task AnAdminRefundsAPaymentInFullAndTheStudentSeesItRefundedUnenrolledWithTheInvoiceToDownload() => fixture.RunJourneyAsync(async () =>
    {
        var cast = await CastAsync();
        var http = fixture.App.Http;
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Paid Elixir", priceMinor: 25_000));
        // The student pays through the API: paying in the browser is the journey above.
        using var checkout = await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/checkout", cast.Student.AccessToken, new { plan = "full" });
        await checkout.ExpectAsync(HttpStatusCode.Created);
        var paymentId = JsonNode.Parse(await checkout.Content.ReadAsStringAsync())!["paymentId"]!.ToString();
        using var card = await http.SendAsync(HttpMethod.Post, $"/api/payments/{paymentId}/test-card", cast.Student.AccessToken, new { cardNumber = "4242424242424242" });
        await card.ExpectAsync(HttpStatusCode.Accepted);
        await Eventually.Until(
            async () =>
            {
                using var response = await http.SendAsync(HttpMethod.Get, $"/api/payments/{paymentId}", cast.Student.AccessToken);
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["invoiceNumber"]?.ToString();
            },
            number => number is not null, TimeSpan.FromSeconds(15), "the paid payment");

        var admin = await fixture.NewPageAsync(Laptop);
        await AccountJourneyTests.LogInAsync(admin, cast.AdminEmail, AccountJourneyTests.Password);
        await admin.GotoAsync($"/bootcamps/{bootcampId}");
        await admin.GetByTestId("bootcamp-payments-link").ClickAsync();
        var row = admin.GetByTestId("bootcamp-payment-row").Filter(new() { HasText = paymentId });
        await row.GetByTestId("open-refund").ClickAsync();
        await Assertions.Expect(row.GetByLabel("Amount (USD)")).ToHaveValueAsync("250.00");
        await row.GetByLabel("Reason").FillAsync("The cohort moved to dates they cannot make");
        await admin.Keyboard.PressAsync("Enter");
        await Assertions.Expect(row.GetByRole(AriaRole.Group)).ToContainTextAsync("they will be withdrawn");
        await row.GetByTestId("confirm-refund").ClickAsync();
        await Assertions.Expect(row.GetByTestId("payment-status")).ToContainTextAsync("Refunded");

        var page = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(page, cast.StudentEmail, AccountJourneyTests.Password);
        await page.GotoAsync("/me/payments");
        var mine = page.GetByTestId("payment-row").Filter(new() { HasText = "Paid Elixir" });
        await Assertions.Expect(mine).ToContainTextAsync("Refunded");
        await Assertions.Expect(mine.GetByTestId("payment-refunds")).ToContainTextAsync("The cohort moved to dates they cannot make");
        var download = await page.RunAndWaitForDownloadAsync(() => mine.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Download invoice INV-") }).ClickAsync());
        Assert.Matches("^invoice-INV-\\d{4}-\\d{6}\\.pdf$", download.SuggestedFilename);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(await File.ReadAllBytesAsync(await download.PathAsync())))
        {
            var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            foreach (var expected in new[] { "INVOICE", "Pat Payer", cast.StudentEmail, "Bootcamp: Paid Elixir", "250.00 USD", "The cohort moved", "Net paid", "0.00 USD" })
            {
                Assert.Contains(expected, text, StringComparison.Ordinal);
            }
        }
        await page.GotoAsync($"/bootcamps/{bootcampId}");
        await Assertions.Expect(page.GetByTestId("pay-button")).ToBeEnabledAsync();
        await Assertions.Expect(page.GetByTestId("enrolled-badge")).ToHaveCountAsync(0);
        Assert.Empty(fixture.ConsoleErrors);
    });
}
