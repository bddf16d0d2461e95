using System.Security.Cryptography;
using Cohortly.Integrations.Meetings;
using Cohortly.LiveClasses;

namespace Cohortly.Grains.Tests.LiveClasses;

public sealed class CheckInCodeTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 5, TimeSpan.Zero);
    private readonly CheckInCodes _codes = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void TheCodeShowingAndTheOneJustBeforeAreAcceptedAndAnOlderOneHasExpired()
    {
        var code = _codes.Issue("session-1", Now);

        Assert.Equal(LiveClassRules.CodeLength, code.Code.Length);
        Assert.True(code.ExpiresAt > Now && code.ExpiresAt <= Now + LiveClassRules.CodePeriod);
        Assert.True(_codes.Accepts("session-1", code.Code, Now));
        Assert.True(_codes.Accepts("session-1", code.Code, code.ExpiresAt));
        Assert.NotEqual(code.Code, _codes.Issue("session-1", code.ExpiresAt).Code);
        Assert.False(_codes.Accepts("session-1", code.Code, code.ExpiresAt + LiveClassRules.CodePeriod));
    }

    [Fact]
    public void AnotherSessionsCodeOrAnotherKeysIsRefused()
    {
        var code = _codes.Issue("session-1", Now).Code;

        Assert.False(_codes.Accepts("session-2", code, Now));
        Assert.False(new CheckInCodes(RandomNumberGenerator.GetBytes(32)).Accepts("session-1", code, Now));
        Assert.False(_codes.Accepts("session-1", "", Now));
        Assert.False(_codes.Accepts("session-1", code + "A", Now));
    }

    [Fact]
    public void AWeeklySeriesKeepsItsLocalHourAcrossBothDstChanges()
    {
        // 09:00 in Berlin on Monday 2027-03-22 (UTC+1); the clocks go forward on the 28th and back on 2027-10-31.
        var spring = LiveClassRules.WeeklyStarts(new DateTimeOffset(2027, 3, 22, 8, 0, 0, TimeSpan.Zero), "Europe/Berlin", 2);
        Assert.Equal([new DateTimeOffset(2027, 3, 22, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 29, 7, 0, 0, TimeSpan.Zero)], spring.ToArray());
        var autumn = LiveClassRules.WeeklyStarts(new DateTimeOffset(2027, 10, 25, 7, 0, 0, TimeSpan.Zero), "Europe/Berlin", 2);
        Assert.Equal([new DateTimeOffset(2027, 10, 25, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 11, 1, 8, 0, 0, TimeSpan.Zero)], autumn.ToArray());
    }
}
