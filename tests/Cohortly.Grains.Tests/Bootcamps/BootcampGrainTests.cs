using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Bootcamps;

[Collection(ClusterCollection.Name)]
public sealed class BootcampGrainTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task ACatalogReaderCopiesACatalogShardOnlyWhenItChanged()
    {
        var bootcampId = await CreateBootcampAsync(capacity: 5);
        var shard = _grains.GetGrain<ICatalogShardGrain>(ICatalogShardGrain.ShardOf(bootcampId));
        var rows = await shard.GetAllIfChangedAsync(-1);
        Assert.NotNull(rows);
        Assert.Contains(rows.Entries, entry => entry.BootcampId == bootcampId);

        // Seat counts of earlier tests may still reach the shard: ask with the latest version until nothing changed.
        await Eventually.Until(async () =>
        {
            var newer = await shard.GetAllIfChangedAsync(rows.Version);
            rows = newer ?? rows;
            return newer;
        }, newer => newer is null, TimeSpan.FromSeconds(10), "an answer that nothing changed");

        var student = Student("seat");
        await Enrollment(bootcampId, student).EnrollAsync(student);
        // A change answers with the shard's rows (other bootcamps of the shard may change first); no change answers null.
        await Eventually.Until(async () =>
        {
            rows = await shard.GetAllIfChangedAsync(rows.Version) ?? rows;
            return rows.Entries.Single(entry => entry.BootcampId == bootcampId).SeatsLeft;
        }, seatsLeft => seatsLeft == 4, TimeSpan.FromSeconds(10), "the shard to carry the seat count");
    }

    [Fact]
    public async Task TwoHundredStudentsRacingForTheLastTenSeatsFillExactlyTen()
    {
        var bootcampId = await CreateBootcampAsync(capacity: 50);
        for (var i = 0; i < 40; i++)
        {
            var early = Student($"early{i}");
            await Enrollment(bootcampId, early).EnrollAsync(early);
        }

        var racers = Enumerable.Range(0, 200).Select(i => Student($"racer{i}")).ToList();
        var outcomes = await Task.WhenAll(racers.Select(async racer =>
        {
            try
            {
                await Enrollment(bootcampId, racer).EnrollAsync(racer);
                return "enrolled";
            }
            catch (DomainException refused)
            {
                return refused.Code;
            }
        }));

        Assert.Equal(10, outcomes.Count(o => o == "enrolled"));
        Assert.Equal(190, outcomes.Count(o => o == "bootcamp-full"));
        var snapshot = (await _grains.GetGrain<IBootcampGrain>(bootcampId).GetAsync())!;
        Assert.Equal((50, 0), (snapshot.EnrolledCount, snapshot.SeatsLeft));
        Assert.Equal(50, await _grains.GetGrain<IBootcampGrain>(bootcampId).GetRosterLengthAsync());
    }

    [Fact]
    public async Task WithdrawingFreesTheSeatAndReturningKeepsTheRosterSlot()
    {
        var bootcampId = await CreateBootcampAsync(capacity: 1);
        var first = Student("first");
        var second = Student("second");
        await Enrollment(bootcampId, first).EnrollAsync(first);
        var full = await Assert.ThrowsAsync<DomainException>(() => Enrollment(bootcampId, second).EnrollAsync(second));
        Assert.Equal("bootcamp-full", full.Code);

        await Enrollment(bootcampId, first).WithdrawAsync(first);
        await Enrollment(bootcampId, second).EnrollAsync(second);

        var roster = await _grains.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(bootcampId, 0)).GetEntriesAsync();
        Assert.Equal([(first.UserId, EnrollmentStatus.Withdrawn), (second.UserId, EnrollmentStatus.Active)], roster.Select(e => (e.UserId, e.Status)));
    }

    [Fact]
    public async Task AStudentCannotEnrollSomeoneElseAndStaffCannotEnroll()
    {
        var bootcampId = await CreateBootcampAsync(capacity: 10);
        var victim = Student("victim");

        var other = await Assert.ThrowsAsync<DomainException>(() => Enrollment(bootcampId, victim).EnrollAsync(Student("other")));
        Assert.Equal(DomainErrorKind.Forbidden, other.Kind);
        Assert.Equal(EnrollmentStatus.None, (await Enrollment(bootcampId, victim).GetAsync()).Status);
    }

    [Fact]
    public async Task GradesApplyTheLatePolicyAndFeedTheStudentsProgress()
    {
        var instructor = Instructor();
        var bootcampId = await CreateBootcampAsync(capacity: 10, instructor);
        var student = Student("graded");
        await Enrollment(bootcampId, student).EnrollAsync(student);
        var assignmentId = SecureTokens.NewId();
        await _grains.GetGrain<IAssignmentGrain>(assignmentId).CreateAsync(instructor, bootcampId, new AssignmentDetails(
            "Late one", "", DateTimeOffset.UtcNow.AddHours(-25), 50, [".zip"], 1000, new LatePolicy(20, 30)));
        var submission = _grains.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, student.UserId));

        var receipt = await submission.SubmitAsync(student, "done", []);
        var grade = await submission.GradeAsync(instructor, 40, "ok");

        Assert.True(receipt.Late);
        // Two started days late at 20 % of 50 points: 40 - 20 = 20, above the floor of 30 % of 50 = 15.
        Assert.Equal((2, 20m), (grade.DaysLate, grade.PublishedScore));
        var progress = await _grains.GetGrain<IStudentProgressGrain>(IStudentProgressGrain.KeyOf(bootcampId, student.UserId)).GetAsync(1);
        Assert.Equal(new Progress(1, 1, 40m, 1), progress);
        var forbidden = await Assert.ThrowsAsync<DomainException>(() => submission.GradeAsync(student, 50, "self-graded"));
        Assert.Equal(DomainErrorKind.Forbidden, forbidden.Kind);
    }

    [Theory]
    [InlineData(10, 0, 0, 10)]
    [InlineData(100, 1, 10, 90)]
    [InlineData(100, 5, 10, 50)]
    [InlineData(100, 9, 10, 30)]
    [InlineData(20, 9, 10, 20)]
    public void TheLatePolicyDeductsPerDayButNeverBelowItsFloor(decimal raw, int daysLate, decimal percentPerDay, decimal published)
    {
        Assert.Equal(published, new LatePolicy(percentPerDay, 30).Publish(raw, 100, daysLate));
    }

    [Fact]
    public async Task AnEnrollmentWritesEachGrainItChangesOnceAndARetryWritesNothing()
    {
        var bootcampId = await CreateBootcampAsync(capacity: 5);
        var student = Student("counted");
        var keys = new[]
        {
            ("bootcamp", bootcampId),
            ("enrollment", IEnrollmentGrain.KeyOf(bootcampId, student.UserId)),
            ("roster-page", IRosterPageGrain.KeyOf(bootcampId, 0)),
            ("user-memberships", student.UserId),
        };
        var before = await StoredVersionsAsync(keys);

        await Enrollment(bootcampId, student).EnrollAsync(student);
        var enrolled = await StoredVersionsAsync(keys);
        Assert.Equal([1, 1, 1, 1], keys.Select(key => enrolled[key] - before[key]));

        await Enrollment(bootcampId, student).EnrollAsync(student);
        Assert.Equal(enrolled, await StoredVersionsAsync(keys));
    }

    private async Task<Dictionary<(string State, string Key), long>> StoredVersionsAsync((string State, string Key)[] keys)
    {
        var versions = new Dictionary<(string, string), long>();
        foreach (var (stateName, key) in keys)
        {
            versions[(stateName, key)] = await fixture.StoredVersionAsync(stateName, key);
        }
        return versions;
    }

    private IEnrollmentGrain Enrollment(string bootcampId, Caller student) =>
        _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId));

    private static Caller Student(string name) => new(SecureTokens.NewId(), name, [Roles.Student]);

    private static Caller Instructor() => new(SecureTokens.NewId(), "Instructor", [Roles.Instructor]);

    private async Task<string> CreateBootcampAsync(int capacity, Caller? instructor = null)
    {
        var bootcampId = SecureTokens.NewId();
        await _grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(instructor ?? Instructor(), new BootcampDetails(
            "Race", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30), capacity, 0, "USD", ["t"], ImmutableArray<string>.Empty));
        return bootcampId;
    }
}
