using System.Runtime.CompilerServices;
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
}
