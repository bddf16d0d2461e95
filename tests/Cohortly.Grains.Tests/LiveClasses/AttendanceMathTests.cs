using System.Collections.Immutable;
using Cohortly.LiveClasses;
using FsCheck;
using FsCheck.Fluent;

namespace Cohortly.Grains.Tests.LiveClasses;

public sealed class AttendanceMathTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly SessionDetails Class = new("Algorithms", Start, 90, "UTC");

    /// <summary>
    /// Joins and leaves of several connections, before, during and after the class, then shuffled and partly repeated (a
    /// reconnect, a retried leave): the minutes never exceed the class's length, and neither order nor repeats change them.
    /// </summary>
    [Fact]
    public void ShuffledAndRepeatedRoomEventsNeverExceedTheClassAndGiveTheSameMinutes()
    {
        var visits =
            from events in Gen.ListOf(
                from connection in Gen.Elements("tab-1", "tab-2", "phone")
                from kind in Gen.Elements(RoomEventKind.Join, RoomEventKind.Leave)
                from minute in Gen.Choose(-30, 120)
                select new RoomEvent("student", connection, kind, Start.AddMinutes(minute)))
            from repeats in Gen.SubListOf<RoomEvent>([.. events])
            from shuffled in Gen.Shuffle<RoomEvent>([.. events, .. repeats])
            select (Events: events.ToArray(), Replayed: shuffled);

        var property = Prop.ForAll(visits.ToArbitrary(), visit =>
        {
            var now = Start.AddHours(3);
            var once = AttendanceMath.TimeInRoom(visit.Events, Class.StartsAt, Class.EndsAt, now);
            var replayed = AttendanceMath.TimeInRoom(visit.Replayed, Class.StartsAt, Class.EndsAt, now);
            var again = AttendanceMath.Entry("student", "S", Class, [.. visit.Replayed], null, null, now);
            var reversed = AttendanceMath.Entry("student", "S", Class, [.. visit.Replayed.Reverse()], null, null, now);
            return (once <= TimeSpan.FromMinutes(Class.DurationMinutes) && once == replayed
                    && (again.Status, again.MinutesAttended) == (reversed.Status, reversed.MinutesAttended)
                    && again.MinutesAttended == (int)Math.Floor(once.TotalMinutes))
                .Label($"{visit.Events.Length} events: {once} once, {replayed} shuffled and repeated");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Fact]
    public void VisitsOfTwoTabsAndAReconnectAreMergedAndClippedToTheClass()
    {
        var events = new[]
        {
            new RoomEvent("s", "tab-1", RoomEventKind.Join, Start.AddMinutes(-20)),
            new RoomEvent("s", "tab-1", RoomEventKind.Leave, Start.AddMinutes(30)),
            new RoomEvent("s", "tab-2", RoomEventKind.Join, Start.AddMinutes(20)),
            new RoomEvent("s", "tab-2", RoomEventKind.Leave, Start.AddMinutes(40)),
            // Reconnected after a lost network, and never said goodbye: counted until the end of the class.
            new RoomEvent("s", "tab-3", RoomEventKind.Join, Start.AddMinutes(60)),
        };

        Assert.Equal(TimeSpan.FromMinutes(40 + 30), AttendanceMath.TimeInRoom(events, Class.StartsAt, Class.EndsAt, Start.AddHours(5)));
        // While the class runs, an open visit counts until now.
        Assert.Equal(TimeSpan.FromMinutes(40 + 10), AttendanceMath.TimeInRoom(events, Class.StartsAt, Class.EndsAt, Start.AddMinutes(70)));
    }

    [Theory]
    [InlineData(0, 90, false, "Present")]
    [InlineData(11, 79, false, "Late")]
    [InlineData(0, 44, false, "Absent")]
    [InlineData(0, 45, false, "Present")]
    [InlineData(5, 0, true, "Present")]
    [InlineData(30, 0, true, "Late")]
    public void TheThresholdsSayPresentLateOrAbsent(int arrivedMinute, int minutesInRoom, bool checkedIn, string expected)
    {
        var status = AttendanceMath.StatusOf(Class, TimeSpan.FromMinutes(minutesInRoom), Start.AddMinutes(arrivedMinute), checkedIn);
        Assert.Equal(Enum.Parse<AttendanceStatus>(expected), status);
    }

    [Fact]
    public void NobodySeenIsAbsentWithNoSources()
    {
        var entry = AttendanceMath.Entry("s", "S", Class, ImmutableArray<RoomEvent>.Empty, null, null, Start.AddHours(2));
        Assert.Equal((AttendanceStatus.Absent, 0), (entry.Status, entry.MinutesAttended));
        Assert.Empty(entry.Sources);
    }
}
