using System.Net;
using Cohortly.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cohortly.Api.Tests.Payments;

/// <summary>
/// The app in this process on Kestrel (the embedded gateway posts its webhooks back over HTTP) and on a clock the test
/// moves forward by months: renewals, a failed renewal's grace and a canceled period's end happen on the gateway's and the
/// subscription's reminders, which look every second here.
/// </summary>
public sealed class SubscriptionLapseTests : IAsyncLifetime
{
    private readonly ShiftedClock _clock = new();
    private readonly TempDirectory _data = new("cohortly-subscription-lapse");
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Cohortly:DataDirectory", _data.Path);
            web.UseSetting("Cohortly:Orleans:SiloPort", "0");
            web.UseSetting("Cohortly:Orleans:GatewayPort", "0");
            web.UseSetting("Cohortly:Auth:ClientRequestsPerMinute", "100000");
            // Tokens are checked on the system clock but sessions on the app's: months ahead, a 30-day session would have ended.
            web.UseSetting("Cohortly:Auth:SessionMaxDays", "3650");
            web.UseSetting("Cohortly:Auth:RefreshTokenDays", "365");
            web.UseSetting("Cohortly:Payments:Subscriptions:CheckEvery", "00:00:01");
            web.UseSetting("Cohortly:Payments:Subscriptions:RetryEvery", "00:00:01");
            web.UseSetting("Cohortly:Payments:Subscriptions:Grace", "3.00:00:00");
            web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock));
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        _http = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task AnUnpaidRenewalSuspendsIncludedBootcampsAfterTheGraceAndANewCardRestoresThemThenCancelingEndsThemAtThePeriodsEnd()
    {
        var admin = await _http.RegisterAsync(displayName: "Ada Admin");
        var subs = new SubscriptionClient(_http, admin);
        var bootcampId = await subs.IncludedBootcampAsync();
        var student = await subs.StudentAsync("Rena Renewer");
        var first = await subs.ActiveSubscriptionAsync(student);
        var id = first["subscriptionId"]!.ToString();
        var firstEnd = first["currentPeriodEnd"]!.GetValue<DateTimeOffset>();
        Assert.Equal(HttpStatusCode.Created, await subs.EnrollAsync(student, bootcampId));
        Assert.Equal(HttpStatusCode.OK, (await subs.MembersRouteAsync(student, bootcampId)).Status);

        // A month on, the gateway's reminder charges the card on file and the signed invoice.paid moves the period.
        _clock.Shift += TimeSpan.FromDays(32);
        var renewed = await subs.MineWhenAsync(student, s => s["currentPeriodEnd"]!.GetValue<DateTimeOffset>() > firstEnd.AddDays(20), "the renewal");
        Assert.Equal("active", renewed["status"]!.ToString());

        // The card stops working: the next renewal fails, access continues through the grace period.
        await ChangeCardAsync(student, id, PaymentClient.DeclinedCard);
        _clock.Shift += TimeSpan.FromDays(32);
        var pastDue = await subs.MineWhenAsync(student, s => s["status"]!.ToString() == "past_due", "the failed renewal");
        Assert.False(pastDue["accessSuspended"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await subs.MembersRouteAsync(student, bootcampId)).Status);

        _clock.Shift += TimeSpan.FromDays(4);
        var suspended = await Eventually.Until(() => subs.MembersRouteAsync(student, bootcampId), r => r.Status == HttpStatusCode.Forbidden,
            TimeSpan.FromSeconds(20), "the lapse to suspend the enrollment");
        Assert.StartsWith("access-suspended: Your Cohortly subscription's renewal is unpaid", suspended.Why, StringComparison.Ordinal);
        Assert.True((await subs.MineAsync(student))!["accessSuspended"]!.GetValue<bool>());

        // A working card is charged at once; the paid renewal restores access.
        await ChangeCardAsync(student, id, PaymentClient.GoodCard);
        await subs.MineWhenAsync(student, s => s["status"]!.ToString() == "active" && !s["accessSuspended"]!.GetValue<bool>(), "the paid renewal");
        await Eventually.Until(() => subs.MembersRouteAsync(student, bootcampId), r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(20), "access to return");

        // Canceled: still active until the period's end, then ended and suspended.
        using (var cancel = await _http.SendAsync(HttpMethod.Delete, $"/api/subscriptions/{id}", student.AccessToken))
        {
            await cancel.ExpectAsync(HttpStatusCode.NoContent);
        }
        var canceling = (await subs.MineAsync(student))!;
        Assert.Equal(("active", true), (canceling["status"]!.ToString(), canceling["cancelAtPeriodEnd"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.OK, (await subs.MembersRouteAsync(student, bootcampId)).Status);
        _clock.Shift += canceling["currentPeriodEnd"]!.GetValue<DateTimeOffset>() - _clock.GetUtcNow() + TimeSpan.FromMinutes(1);
        var ended = await Eventually.Until(() => subs.MembersRouteAsync(student, bootcampId), r => r.Status == HttpStatusCode.Forbidden,
            TimeSpan.FromSeconds(20), "the canceled period to end");
        Assert.StartsWith("access-suspended: Your Cohortly subscription ended on", ended.Why, StringComparison.Ordinal);
        Assert.Equal("canceled", (await subs.MineAsync(student))!["status"]!.ToString());
        // Ended, it no longer lets its owner into anything new.
        var another = await subs.IncludedBootcampAsync();
        Assert.Equal(HttpStatusCode.PaymentRequired, await subs.EnrollAsync(student, another));
    }

    private async Task ChangeCardAsync(Tokens student, string subscriptionId, string card)
    {
        using var response = await _http.SendAsync(HttpMethod.Put, $"/api/subscriptions/{subscriptionId}/test-card", student.AccessToken, new { cardNumber = card });
        await response.ExpectAsync(HttpStatusCode.NoContent);
    }

    /// <summary>The system clock moved forward by <see cref="Shift"/>; timers stay real, so Orleans runs as usual.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        private long _shiftTicks;

        public TimeSpan Shift
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));
            set => Interlocked.Exchange(ref _shiftTicks, value.Ticks);
        }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
    }
}
