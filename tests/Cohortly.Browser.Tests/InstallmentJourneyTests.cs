using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>
/// Paying by the month on a phone: the plan chosen on the bootcamp's page, the first installment with a card whose later
/// charges fail, the schedule on My payments, the banner when access pauses, and the remaining balance paid to get back in.
/// (The app's installments fall due seconds apart here, see <see cref="BrowserFixture"/>.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InstallmentJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    [Fact]
    public Task AStudentPaysByTheMonthSeesTheScheduleAndAfterAFailedChargeGetsBackInByPayingTheRest() => fixture.RunJourneyAsync(async () =>
    {
        var cast = await Cast.RegisterAsync(fixture.App.Http, "Ivo Instructor", "Mona Monthly");
        var bootcampId = await Classroom.CreateAsync(fixture.App.Http, cast.Instructor, "/api/bootcamps", "bootcampId", new
        {
            title = "Monthly Kotlin",
            description = "Pay as you learn.",
            startsAt = DateTimeOffset.UtcNow.AddDays(7),
            endsAt = DateTimeOffset.UtcNow.AddDays(90),
            capacity = 10,
            priceMinor = 30_000,
            currency = "USD",
            tags = new[] { "kotlin" },
            skills = new[] { "android" },
            installmentCount = 2,
        });

        var page = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(page, cast.StudentEmail, AccountJourneyTests.Password);
        await page.GotoAsync($"/bootcamps/{bootcampId}");
        await Assertions.Expect(page.GetByTestId("plan-choice")).ToContainTextAsync("2 × ");
        await Assertions.Expect(page.GetByTestId("plan-choice")).ToContainTextAsync("150.00 monthly");
        await page.GetByTestId("plan-installments").CheckAsync();
        await Assertions.Expect(page.GetByTestId("pay-button")).ToContainTextAsync("150.00 now");
        await page.GetByTestId("pay-button").ClickAsync();

        await page.GetByLabel("Card number").FillAsync("4000 0000 0000 0341");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("pay-succeeded")).ToContainTextAsync("First installment received", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("schedule-entry").First).ToContainTextAsync("Paid");
        await page.GotoAsync("/me/payments");
        await Assertions.Expect(page.GetByTestId("payment-schedule")).ToContainTextAsync("Paid");
        await Assertions.Expect(page.GetByTestId("schedule-entry")).ToHaveCountAsync(2);

        // The second installment falls due, the saved card refuses it, and once the grace has passed access pauses.
        await page.GotoAsync($"/bootcamps/{bootcampId}");
        var banner = page.GetByTestId("suspended-banner");
        await Eventually.Until(async () =>
        {
            await page.ReloadAsync();
            try
            {
                // The banner follows the page's own load of the student's payments.
                await banner.WaitForAsync(new() { Timeout = 3_000 });
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }, visible => visible, TimeSpan.FromSeconds(60), "the banner of a paused enrollment");
        await Assertions.Expect(banner).ToContainTextAsync("150.00");
        await Assertions.Expect(banner).ToContainTextAsync("overdue");

        await page.GetByTestId("pay-remaining").ClickAsync();
        await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await page.GetByTestId("card-pay-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("owed-paid")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.GotoAsync($"/bootcamps/{bootcampId}");
        await Assertions.Expect(page.GetByTestId("bootcamp-title")).ToBeVisibleAsync();
        await Assertions.Expect(banner).ToHaveCountAsync(0);
        Assert.Empty(fixture.ConsoleErrors);
    });
}
