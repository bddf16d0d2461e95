using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Analytics;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Notifications;
using Cohortly.Payments;
using Cohortly.Testing;
using Orleans.Streams;

namespace Cohortly.Grains.Tests.Analytics;

/// <summary>The projection fed straight from the bootcamp's stream: repeats, late arrivals, DST days and money across months.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BootcampAnalyticsGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly IGrainFactory _grains = fixture.Grains;
    private readonly Caller _instructor = new(SecureTokens.NewId(), "Instructor", [Roles.Instructor]);

    [Fact]
    public async Task EventsDeliveredTwiceOrOutOfOrderChangeNothingAndARepeatIsNotEvenWritten()
    {
        var bootcampId = await CreateBootcampAsync();
        var assignmentId = await CreateAssignmentAsync(bootcampId, DateTimeOffset.UtcNow.AddDays(2));
        var (ana, ben) = (SecureTokens.NewId(), SecureTokens.NewId());
        var t = DateTimeOffset.UtcNow.AddMinutes(-30);
        var regrade = Event<GradePublished>(id => new(id, t.AddMinutes(20), bootcampId, assignmentId, ana, 90, 90, 100));
        DomainEvent[] events =
        [
            new EnrollmentConfirmed(SecureTokens.NewId(), t, bootcampId, ana, "Projection"),
            new EnrollmentConfirmed(SecureTokens.NewId(), t.AddMinutes(1), bootcampId, ben, "Projection"),
            new SubmissionCreated(SecureTokens.NewId(), t.AddMinutes(2), bootcampId, assignmentId, ana, "Ana", 1, false),
            new SubmissionCreated(SecureTokens.NewId(), t.AddMinutes(3), bootcampId, assignmentId, ben, "Ben", 1, false),
            new GradePublished(SecureTokens.NewId(), t.AddMinutes(4), bootcampId, assignmentId, ben, 70, 70, 100),
            regrade,
            // The first grade, redelivered after the re-grade: older, so it loses.
            new GradePublished(SecureTokens.NewId(), t.AddMinutes(10), bootcampId, assignmentId, ana, 30, 30, 100),
            // Ben's withdrawal, and then his enrollment arriving again late: the withdrawal stands.
            new EnrollmentWithdrawn(SecureTokens.NewId(), t.AddMinutes(25), bootcampId, ben, ben),
        ];
        foreach (var domainEvent in events)
        {
            await PublishAsync(domainEvent);
        }
        var analytics = _grains.GetGrain<IBootcampAnalyticsGrain>(bootcampId);
        var settled = await Eventually.Until(() => analytics.GetDashboardAsync(_instructor),
            d => d.Enrolled == 1 && d.AverageScorePercent == 90m, Deadline, "one enrolled student with the re-graded 90 %");
        Assert.Equal(new SubmissionTotals(1, 0, 0), settled.Submissions);
        // Applied events are stored together within the flush delay: wait until that write has happened.
        var version = await StableVersionAsync(bootcampId);

        // The whole history again, as a stream queue's retry would hand it on.
        foreach (var domainEvent in events)
        {
            await PublishAsync(domainEvent);
        }
        // Recognised by id: not even a write follows.
        Assert.Equal(version, await StableVersionAsync(bootcampId));
        await PublishAsync(events[1] with { EventId = SecureTokens.NewId() });
        // A newcomer last: once she counts, everything before her has been applied.
        await PublishAsync(new EnrollmentConfirmed(SecureTokens.NewId(), t.AddMinutes(27), bootcampId, SecureTokens.NewId(), "Projection"));
        var again = await Eventually.Until(() => analytics.GetDashboardAsync(_instructor), d => d.Enrolled == 2, Deadline, "the newcomer after the replay");

        // Ben's enrollment under a new id is older than his withdrawal, so it does not bring him back; Ana's grade stays the re-grade.
        Assert.Equal((90m, new SubmissionTotals(1, 0, 0)), (again.AverageScorePercent, again.Submissions));
        Assert.Equal(3, again.EnrollmentsByDay.Sum(d => d.Count));
        // The new-id enrollment and the newcomer are stored, in one write or two.
        Assert.InRange(await StableVersionAsync(bootcampId), version + 1, version + 2);
    }

    /// <summary>
    /// The projection's stored version once no write has followed for longer than its flush delay (2 s): proving that
    /// nothing more is written takes a wait, not a poll.
    /// </summary>
    private async Task<long> StableVersionAsync(string bootcampId)
    {
        var version = await fixture.StoredVersionAsync("bootcamp-analytics", bootcampId);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            var now = await fixture.StoredVersionAsync("bootcamp-analytics", bootcampId);
            if (now == version)
            {
                return version;
            }
            version = now;
        }
        throw new TimeoutException($"The projection of {bootcampId} kept writing for 30 s with nothing new to store.");
    }

    [Fact]
    public async Task AnEventAtHalfPastElevenLocalOnADstDayLandsOnThatDay()
    {
        var bootcampId = await CreateBootcampAsync();
        var analytics = _grains.GetGrain<IBootcampAnalyticsGrain>(bootcampId);
        await analytics.SetTimeZoneAsync(_instructor, "America/New_York");
        var (spring, autumn) = (SecureTokens.NewId(), SecureTokens.NewId());
        // 8 March 2026 (clocks go forward, a 23-hour day) and 1 November 2026 (back, 25 hours), at 23:30 in New York.
        var springLate = new DateTimeOffset(2026, 3, 8, 23, 30, 0, TimeSpan.FromHours(-4));
        var autumnLate = new DateTimeOffset(2026, 11, 1, 23, 30, 0, TimeSpan.FromHours(-5));
        await PublishAsync(new EnrollmentConfirmed(SecureTokens.NewId(), springLate, bootcampId, spring, "Zones"));
        await PublishAsync(new EnrollmentConfirmed(SecureTokens.NewId(), autumnLate, bootcampId, autumn, "Zones"));
        await PublishAsync(new ChatMessagePosted(SecureTokens.NewId(), autumnLate, bootcampId,
            new ChatMessage(SecureTokens.NewId(), bootcampId, autumn, "Autumn", "late night", autumnLate, 1)));

        var dashboard = await Eventually.Until(() => analytics.GetDashboardAsync(_instructor), d => d.ActiveStudentsByDay.Length == 1,
            Deadline, "both enrollments and the chat line");

        Assert.Equal("America/New_York", dashboard.TimeZone);
        Assert.Equal([new DayCount(new DateOnly(2026, 3, 8), 1), new DayCount(new DateOnly(2026, 11, 1), 1)], dashboard.EnrollmentsByDay.ToArray());
        Assert.Equal([new DayCount(new DateOnly(2026, 11, 1), 1)], dashboard.ActiveStudentsByDay.ToArray());
        // In UTC both were already the next day.
        Assert.Equal((9, 2), (springLate.UtcDateTime.Day, autumnLate.UtcDateTime.Day));
    }

    [Fact]
    public async Task ARefundCountsInTheMonthItWasMadeAndARedeliveredPaymentOrRefundCountsOnce()
    {
        var bootcampId = await CreateBootcampAsync();
        var (payer, paymentId, refundId) = (SecureTokens.NewId(), SecureTokens.NewId(), SecureTokens.NewId());
        // Months no other test touches, so the month grains hold this test's money alone.
        var paid = new PaymentSucceeded(SecureTokens.NewId(), new DateTimeOffset(2031, 1, 31, 23, 0, 0, TimeSpan.Zero), bootcampId,
            paymentId, payer, "Money", 9000, 1000, "EUR", "SPRING");
        var refunded = new PaymentRefunded(SecureTokens.NewId(), new DateTimeOffset(2031, 2, 3, 9, 0, 0, TimeSpan.Zero), bootcampId,
            paymentId, payer, refundId, 3000, "EUR", false);
        await PublishAsync(paid);
        await PublishAsync(refunded);
        await PublishAsync(paid);
        await PublishAsync(refunded with { EventId = SecureTokens.NewId() });
        await PublishAsync(new PaymentRefunded(SecureTokens.NewId(), refunded.OccurredAt.AddDays(1), bootcampId, paymentId, payer, SecureTokens.NewId(), 6000, "EUR", true));

        var admin = new Caller(fixture.FirstAccount.UserId, "Admin", [Roles.Admin]);
        var reader = _grains.GetGrain<IPlatformReaderGrain>(IPlatformReaderGrain.Key);
        var view = await Eventually.Until(() => reader.GetPlatformAsync(admin),
            v => v.RevenueByMonth.Any(r => r.Month == "2031-02" && r.RefundsMinor == 9000), Deadline, "both refunds in February 2031");

        var revenue = view.RevenueByMonth.Where(r => r.Month.StartsWith("2031-0", StringComparison.Ordinal)).ToList();
        Assert.Equal([new MonthRevenue("2031-01", "EUR", 10000, 1000, 0), new MonthRevenue("2031-02", "EUR", 0, 0, 9000)], revenue);
        Assert.Equal((9000L, -9000L), (revenue[0].NetMinor, revenue[1].NetMinor));
        await Assert.ThrowsAsync<DomainException>(() => reader.GetPlatformAsync(_instructor));
    }

    [Fact]
    public async Task ABurstOfTwoHundredEnrollmentsIsAFewPushesPerFigureNotTwoHundred()
    {
        var bootcampId = await CreateBootcampAsync();
        var pushes = new List<AnalyticsChanged>();
        await fixture.Cluster.Client.GetStreamProvider(EventStreams.Provider)
            .GetStream<DomainEvent>(StreamId.Create(EventStreams.Bootcamp, bootcampId))
            .SubscribeAsync((domainEvent, _) =>
            {
                if (domainEvent is AnalyticsChanged changed)
                {
                    lock (pushes)
                    {
                        pushes.Add(changed);
                    }
                }
                return Task.CompletedTask;
            });
        var started = DateTimeOffset.UtcNow;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            PublishAsync(new EnrollmentConfirmed(SecureTokens.NewId(), started, bootcampId, SecureTokens.NewId(), "Burst"))));

        var final = await Eventually.Until(() => Task.FromResult(Enrolled()), value => value == 200, Deadline, "a push saying 200 enrolled");
        var seconds = Math.Max(1, (DateTimeOffset.UtcNow - started).TotalSeconds);
        var enrolledPushes = Snapshot().Count(p => p.Metric == "enrolled");
        // One push per figure per second at most, plus the first.
        Assert.InRange(enrolledPushes, 1, (int)Math.Ceiling(seconds) + 1);
        Assert.Equal(200m, final);

        decimal? Enrolled() => Snapshot().LastOrDefault(p => p.Metric == "enrolled")?.Value;
        List<AnalyticsChanged> Snapshot()
        {
            lock (pushes)
            {
                return [.. pushes];
            }
        }
    }

    private static T Event<T>(Func<string, T> make) where T : DomainEvent => make(SecureTokens.NewId());

    private Task PublishAsync(DomainEvent domainEvent) =>
        fixture.Cluster.Client.GetStreamProvider(EventStreams.Provider)
            .GetStream<DomainEvent>(StreamId.Create(EventStreams.Bootcamp, domainEvent.BootcampId)).OnNextAsync(domainEvent);

    private async Task<string> CreateBootcampAsync()
    {
        var bootcampId = SecureTokens.NewId();
        await _grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(_instructor, new BootcampDetails(
            "Projection", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30), 10, 0, "USD", ["t"], ImmutableArray<string>.Empty));
        return bootcampId;
    }

    private async Task<string> CreateAssignmentAsync(string bootcampId, DateTimeOffset dueAt)
    {
        var assignmentId = SecureTokens.NewId();
        await _grains.GetGrain<IAssignmentGrain>(assignmentId).CreateAsync(_instructor, bootcampId,
            new AssignmentDetails("Work", "", dueAt, 100, [], 100, LatePolicy.None));
        return assignmentId;
    }
}
