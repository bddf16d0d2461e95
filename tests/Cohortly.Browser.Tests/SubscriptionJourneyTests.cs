using System.Runtime.CompilerServices;
using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>A student subscribes on the embedded gateway's checkout, enrolls in an included bootcamp without paying, and cancels at the period's end.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SubscriptionJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private static readonly ConditionalWeakTable<BrowserFixture, Task<Cast>> Casts = new();

    private Task<Cast> CastAsync() => Casts.GetValue(fixture, f => Cast.RegisterAsync(f.App.Http, "Ivo Instructor", "Sasha Subscriber"));

    [Fact]
    public Task AStudentSubscribesWithTheTestCardEnrollsInAnIncludedBootcampWithoutPayingAndCancelsAtThePeriodsEnd() => fixture.RunJourneyAsync(async () =>
    {
        var cast = await CastAsync();
        var body = new
        {
            title = "Included React",
            description = "Learn by building.",
            startsAt = DateTimeOffset.UtcNow.AddDays(7),
            endsAt = DateTimeOffset.UtcNow.AddDays(70),
            capacity = 30,
            priceMinor = 40_000,
            currency = "USD",
            tags = new[] { "web" },
            skills = new[] { "react" },
            includedInSubscription = true,
        };
        var bootcampId = await Classroom.CreateAsync(fixture.App.Http, cast.Admin, "/api/bootcamps", "bootcampId", body);

        var page = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(page, cast.StudentEmail, AccountJourneyTests.Password);
        await page.GotoAsync($"/bootcamps/{bootcampId}");
        await Assertions.Expect(page.GetByTestId("included-badge")).ToContainTextAsync("Included in subscription");
        await page.GetByRole(AriaRole.Link, new() { Name = "Subscribe to enroll without paying for it" }).ClickAsync();

        await page.GetByTestId("subscribe-monthly").ClickAsync();
        await page.GetByLabel("Card number").FillAsync("4242 4242 4242 4242");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("subscribe-succeeded")).ToContainTextAsync("Your subscription is active", new() { Timeout = 15_000 });

        await page.GotoAsync($"/bootcamps/{bootcampId}");
        await Assertions.Expect(page.GetByTestId("included-badge")).ToContainTextAsync("Included in your subscription");
        await page.GetByTestId("enroll-included-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("enrolled-badge")).ToBeVisibleAsync();
        await page.GotoAsync("/me/payments");
        await Assertions.Expect(page.GetByTestId("payment-row")).ToHaveCountAsync(0);

        await page.GotoAsync("/subscription");
        await Assertions.Expect(page.GetByTestId("subscription-status")).ToHaveTextAsync("Active");
        await page.GetByTestId("cancel-subscription").ClickAsync();
        await Assertions.Expect(page.GetByTestId("subscription-ends")).ToContainTextAsync("ends on");
        await Assertions.Expect(page.GetByTestId("keep-renewing")).ToBeVisibleAsync();
        Assert.Empty(fixture.ConsoleErrors);
    });
}
