using System.Security.Claims;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cohortly.Api.Tests.Home;

/// <summary>The home route's own rules, with cards that need no cluster: order, roles, empty cards, failing cards.</summary>
public sealed class HomeCardsTests
{
    [Fact]
    public async Task AFailingCardBecomesAnErrorEntryWhileTheOtherCardsStillShowInOrder()
    {
        IHomeCard[] cards =
        [
            new FixedCard("test.later", 20, "student", () => new Note("second")),
            new FixedCard("test.failing", 10, "student", () => throw new TimeoutException("the silo is slow")),
            new FixedCard("test.empty", 15, "student", () => null),
            new FixedCard("test.admin-only", 5, "admin", () => new Note("not for students")),
        ];

        var home = (await HomeApi.GetAsync(StudentContext(), cards, NullLoggerFactory.Instance)).Value!;

        Assert.Equal(["test.failing", "test.later"], home.Cards.Select(card => card.Kind));
        Assert.Equal((null, HomeApi.CardFailed), (home.Cards[0].Data, home.Cards[0].Error));
        Assert.Equal((new Note("second"), null), ((Note?)home.Cards[1].Data, home.Cards[1].Error));
    }

    private static CallerContext StudentContext()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(CallerClaims.UserId, "u1"), new Claim(CallerClaims.Name, "Stu"), new Claim(CallerClaims.Role, "student")], "test"));
        // The fixed cards never reach the cluster.
        return new CallerContext(new DefaultHttpContext { User = user }, null!);
    }

    private sealed record Note(string Text);

    private sealed class FixedCard(string kind, int order, string role, Func<Note?> build) : HomeCard<Note>(kind, order, role)
    {
        public override Task<Note?> BuildAsync(CallerContext context) => Task.FromResult(build());
    }
}
