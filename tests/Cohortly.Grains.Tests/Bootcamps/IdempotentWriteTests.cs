using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Cohortly.Notifications;
using Cohortly.Testing;
using Orleans.Streams;

namespace Cohortly.Grains.Tests.Bootcamps;

/// <summary>Writes a crash or a client's retry can repeat leave the same state as one write.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdempotentWriteTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;
    private readonly Caller _instructor = new(SecureTokens.NewId(), "Teacher", [Roles.Instructor]);
    private readonly Caller _admin = new(SecureTokens.NewId(), "Admin", [Roles.Admin]);

    [Fact]
    public async Task ASeatTakenAgainForTheSameStudentIsTheSameSeat()
    {
        var bootcamp = await NewBootcampAsync(capacity: 2);
        var studentId = SecureTokens.NewId();

        var first = await bootcamp.TakeSeatAsync(studentId, null);
        var retried = await bootcamp.TakeSeatAsync(studentId, null);
        var other = await bootcamp.TakeSeatAsync(SecureTokens.NewId(), null);

        Assert.Equal((SeatOutcome.Taken, first.Slot), (retried.Outcome, retried.Slot));
        Assert.Equal(SeatOutcome.Taken, other.Outcome);
        Assert.Equal(2, (await bootcamp.GetAsync())!.EnrolledCount);
    }

    [Fact]
    public async Task SeatsTakenWhileTheBootcampsWriteIsInFlightAreStoredTogetherByTheNextWriteAndNeverOverfillIt()
    {
        var bootcamp = await NewBootcampAsync(capacity: 8);
        var key = bootcamp.GetPrimaryKeyString();
        var before = await fixture.StoredVersionAsync("bootcamp", key);
        var hold = StorageFaults.Shared.HoldNextWrite("bootcamp", bootcamp.GetGrainId());
        var first = bootcamp.TakeSeatAsync(SecureTokens.NewId(), null);
        await hold.Reached;

        var others = Enumerable.Range(0, 9).Select(_ => bootcamp.TakeSeatAsync(SecureTokens.NewId(), null)).ToList();
        // Two of the nine find it full while the first write is still held: the other seven are then taken in memory.
        var full = 0;
        while (full < 2)
        {
            // Bounded: were seats taken one write after another, none would answer while the first write is held.
            var answered = await Task.WhenAny(others).WaitAsync(TimeSpan.FromSeconds(10));
            others.Remove(answered);
            Assert.Equal(SeatOutcome.Full, (await answered).Outcome);
            full++;
        }
        Assert.All(others, seat => Assert.False(seat.IsCompleted));
        hold.Release();
        var seats = await Task.WhenAll([first, .. others]);

        Assert.All(seats, seat => Assert.Equal(SeatOutcome.Taken, seat.Outcome));
        Assert.Equal(Enumerable.Range(0, 8), seats.Select(seat => seat.Slot).Order());
        Assert.Equal(before + 2, await fixture.StoredVersionAsync("bootcamp", key));
        Assert.Equal(8, (await bootcamp.GetSeatCensusAsync()).EnrolledCount);
    }

    [Fact]
    public async Task TheBootcampAndItsStaffCheckAnswerWhileSeatsAreBeingWritten()
    {
        var bootcamp = await NewBootcampAsync(capacity: 8);
        var hold = StorageFaults.Shared.HoldNextWrite("bootcamp", bootcamp.GetGrainId());
        var seat = bootcamp.TakeSeatAsync(SecureTokens.NewId(), null);
        await hold.Reached;

        // A seat waiting for its write holds nobody up: interleaved calls do not block the calls that are not. Were
        // seats taken one at a time again, these would wait for the held write (bounded: they fail instead of hanging).
        var snapshot = await bootcamp.GetAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var role = await bootcamp.GetStaffRoleAsync(_instructor.UserId).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(seat.IsCompleted);
        Assert.Equal(MemberRole.Instructor, role);
        hold.Release();
        Assert.Equal(SeatOutcome.Taken, (await seat).Outcome);
        Assert.NotNull(snapshot);
    }

    [Fact]
    public async Task WhenAGroupedSeatWriteFailsNoneOfItsSeatsIsKeptAndTheirRetriesTakeOneEach()
    {
        var bootcamp = await NewBootcampAsync(capacity: 3);
        var students = Enumerable.Range(0, 4).Select(_ => SecureTokens.NewId()).ToList();
        var hold = StorageFaults.Shared.HoldNextWrite("bootcamp", bootcamp.GetGrainId());
        var first = bootcamp.TakeSeatAsync(students[0], null);
        await hold.Reached;
        // While the first write is held: the first student again (a seat held in memory only must not be confirmed),
        // then three more for the two seats left, so one of them is told "full" at once.
        var retriedFirst = bootcamp.TakeSeatAsync(students[0], null);
        var others = students.Skip(1).Select(student => (Student: student, Seat: bootcamp.TakeSeatAsync(student, null))).ToList();
        var full = await Task.WhenAny(others.Select(other => other.Seat)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SeatOutcome.Full, (await full).Outcome);
        var waiting = others.Where(other => other.Seat != full).ToList();

        hold.Release(fail: true);

        await Assert.ThrowsAnyAsync<Exception>(() => first);
        await Assert.ThrowsAnyAsync<Exception>(() => retriedFirst);
        foreach (var other in waiting)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => other.Seat);
        }
        var census = await bootcamp.GetSeatCensusAsync();
        Assert.Equal((0, 0), (census.EnrolledCount, census.SeatHolders.Length));
        var retried = await Task.WhenAll(waiting.Select(other => other.Student).Prepend(students[0]).Select(student => bootcamp.TakeSeatAsync(student, null)));
        Assert.All(retried, seat => Assert.Equal(SeatOutcome.Taken, seat.Outcome));
        Assert.Equal(Enumerable.Range(0, 3), retried.Select(seat => seat.Slot).Order());
    }

    [Fact]
    public async Task AnEnrollmentWhoseSeatWasTakenBeforeACrashDoesNotTakeASecond()
    {
        var bootcamp = await NewBootcampAsync(capacity: 1);
        var student = NewStudent();
        // What a crash after the seat and before the enrollment's own write leaves.
        await bootcamp.TakeSeatAsync(student.UserId, null);

        var enrollment = await Enrollment(bootcamp, student).EnrollAsync(student);

        Assert.Equal(EnrollmentStatus.Active, enrollment.Status);
        Assert.Equal(1, (await bootcamp.GetAsync())!.EnrolledCount);
    }

    [Fact]
    public async Task EnrollingAgainRepairsAMembershipACrashLost()
    {
        var bootcamp = await NewBootcampAsync(capacity: 5);
        var student = NewStudent();
        await Enrollment(bootcamp, student).EnrollAsync(student);
        var memberships = _grains.GetGrain<IUserMembershipsGrain>(student.UserId);
        await memberships.RemoveAsync(bootcamp.GetPrimaryKeyString(), MemberRole.Student);

        await Enrollment(bootcamp, student).EnrollAsync(student);

        Assert.Contains(await memberships.ListAsync(), m => m.BootcampId == bootcamp.GetPrimaryKeyString() && m.Role == MemberRole.Student);
        Assert.Equal(1, (await bootcamp.GetAsync())!.EnrolledCount);
    }

    [Fact]
    public async Task AWithdrawalRepeatedReleasesTheSeatOnceAndARepeatAfterACrashStillReleasesIt()
    {
        var bootcamp = await NewBootcampAsync(capacity: 5);
        var staying = NewStudent();
        var leaving = NewStudent();
        await Enrollment(bootcamp, staying).EnrollAsync(staying);
        await Enrollment(bootcamp, leaving).EnrollAsync(leaving);
        // What a crash after the withdrawal's write and before the release leaves: the seat is still held.
        await bootcamp.ReleaseSeatAsync(leaving.UserId);
        await bootcamp.TakeSeatAsync(leaving.UserId, null);
        await Enrollment(bootcamp, leaving).WithdrawAsync(leaving);
        Assert.Equal(1, (await bootcamp.GetAsync())!.EnrolledCount);

        await Enrollment(bootcamp, leaving).WithdrawAsync(leaving);

        Assert.Equal(1, (await bootcamp.GetAsync())!.EnrolledCount);
        Assert.DoesNotContain(await _grains.GetGrain<IUserMembershipsGrain>(leaving.UserId).ListAsync(), m => m.BootcampId == bootcamp.GetPrimaryKeyString());
    }

    [Fact]
    public async Task ASubmitWhoseStateWriteFailedLeavesNoTraceAndTheNextSubmitIsVersionOne()
    {
        var (assignmentId, student) = await EnrolledStudentWithAnAssignmentAsync();
        var submission = _grains.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, student.UserId));
        StorageFaults.Shared.FailNextWrite("submission", submission.GetGrainId());

        await Assert.ThrowsAnyAsync<Exception>(() => submission.SubmitAsync(student, "lost in the failed write", []));
        var receipt = await submission.SubmitAsync(student, "kept", []);

        Assert.Equal(1, receipt.Version);
        Assert.Equal("kept", (await submission.GetVersionAsync(student, 1)).Text);
        Assert.Equal(1, (await submission.GetSummaryAsync(student))!.LatestVersion);
    }

    [Fact]
    public async Task AnEnrollmentWhoseStateWriteFailedTakesNoSecondSeatWhenRetried()
    {
        var bootcamp = await NewBootcampAsync(capacity: 5);
        var student = NewStudent();
        var enrollment = Enrollment(bootcamp, student);
        StorageFaults.Shared.FailNextWrite("enrollment", enrollment.GetGrainId());

        await Assert.ThrowsAnyAsync<Exception>(() => enrollment.EnrollAsync(student));
        var enrolled = await enrollment.EnrollAsync(student);

        Assert.Equal(EnrollmentStatus.Active, enrolled.Status);
        Assert.Equal(1, (await bootcamp.GetAsync())!.EnrolledCount);
        Assert.Contains(await _grains.GetGrain<IUserMembershipsGrain>(student.UserId).ListAsync(), m => m.BootcampId == bootcamp.GetPrimaryKeyString());
    }

    [Fact]
    public async Task AVersionStoredByASubmitWhoseOwnWriteFailedDoesNotLockTheStudentOut()
    {
        var (assignmentId, student) = await EnrolledStudentWithAnAssignmentAsync();
        // What a submit leaves when the version is stored and the submission's own write then fails.
        await _grains.GetGrain<ISubmissionVersionGrain>(ISubmissionVersionGrain.KeyOf(assignmentId, student.UserId, 1)).StoreAsync(
            new SubmissionVersion(assignmentId, student.UserId, 1, "never acknowledged", [], DateTimeOffset.UtcNow, false, 0, []));

        var submission = _grains.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, student.UserId));
        var receipt = await submission.SubmitAsync(student, "the real work", []);

        Assert.Equal(1, receipt.Version);
        Assert.Equal("the real work", (await submission.GetVersionAsync(student, 1)).Text);
        Assert.Equal(2, (await submission.SubmitAsync(student, "more", [])).Version);
    }

    [Fact]
    public async Task ASubmitRepeatedWithItsRequestIdIsOneVersionEvenWhenTheKeysAnswerWasNeverStored()
    {
        var (assignmentId, student) = await EnrolledStudentWithAnAssignmentAsync();
        var submission = _grains.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, student.UserId));

        var first = await submission.SubmitOnceAsync(student, "request-1", "once", []);
        var repeated = await submission.SubmitOnceAsync(student, "request-1", "once", []);
        var next = await submission.SubmitOnceAsync(student, "request-2", "twice", []);

        Assert.Equal(first, repeated);
        Assert.Equal(2, next.Version);
        Assert.Equal(2, (await submission.GetSummaryAsync(student))!.LatestVersion);

        // The first request retried after a later submit (its key's answer died with a silo): still its own version.
        Assert.Equal(first, await submission.SubmitOnceAsync(student, "request-1", "once", []));
        Assert.Equal(2, (await submission.GetSummaryAsync(student))!.LatestVersion);
    }

    [Fact]
    public async Task AGradeEventDeliveredThreeTimesLeavesOneNotificationInTheStudentsInbox()
    {
        var studentId = SecureTokens.NewId();
        GradePublished Grade() => new(SecureTokens.NewId(), DateTimeOffset.UtcNow, SecureTokens.NewId(), SecureTokens.NewId(), studentId, 8, 8, 10);
        var graded = Grade();
        var marker = Grade();
        var stream = fixture.Cluster.Client.GetStreamProvider(EventStreams.Provider).GetStream<DomainEvent>(StreamId.Create(EventStreams.User, studentId));

        await stream.OnNextAsync(graded);
        await stream.OnNextAsync(graded);
        await stream.OnNextAsync(graded);
        // One stream is delivered in order: once the marker is in, every copy before it has been handled.
        await stream.OnNextAsync(marker);
        var inbox = _grains.GetGrain<INotificationInboxGrain>(studentId);
        var page = await Eventually.Until(() => inbox.ListAsync(false, null, 1, 10),
            page => page.Items.Any(n => n.NotificationId == marker.EventId), TimeSpan.FromSeconds(15), "the marker grade");

        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task TheRecountGivesBackASeatACrashLeftWithoutAnEnrollmentAndReportsIt()
    {
        var bootcamp = await NewBootcampAsync(capacity: 5);
        var enrolled = NewStudent();
        var withdrawn = NewStudent();
        await Enrollment(bootcamp, enrolled).EnrollAsync(enrolled);
        await Enrollment(bootcamp, withdrawn).EnrollAsync(withdrawn);
        await Enrollment(bootcamp, withdrawn).WithdrawAsync(withdrawn);
        // What a crash after the seat and before the enrollment's own write leaves, with no retry to come.
        await bootcamp.TakeSeatAsync(SecureTokens.NewId(), null);
        Assert.Equal(2, (await bootcamp.GetAsync())!.EnrolledCount);
        var recount = _grains.GetGrain<IRecountGrain>(IRecountGrain.Key);

        var report = await recount.RecountAsync(_admin);
        var again = await recount.RecountAsync(_admin);

        var bootcampId = bootcamp.GetPrimaryKeyString();
        Assert.Equal([new Drift(bootcampId, "enrolledCount", 2, 1)], report.DriftFixed.Where(d => d.BootcampId == bootcampId));
        Assert.DoesNotContain(again.DriftFixed, d => d.BootcampId == bootcampId);
        Assert.True(report.BootcampsChecked >= 1);
        Assert.Equal(1, (await bootcamp.GetAsync())!.EnrolledCount);
        // The seat given back is a seat again: four more students fit in a bootcamp of five.
        for (var i = 0; i < 4; i++)
        {
            var student = NewStudent();
            Assert.Equal(EnrollmentStatus.Active, (await Enrollment(bootcamp, student).EnrollAsync(student)).Status);
        }
    }

    [Fact]
    public async Task TheRecountLeavesARightCountAloneAndCountsEveryBootcampInTheCatalog()
    {
        var bootcamp = await NewBootcampAsync(capacity: 3);
        var student = NewStudent();
        await Enrollment(bootcamp, student).EnrollAsync(student);
        var catalogSize = (await _grains.GetCatalogAsync()).Count;

        var report = await _grains.GetGrain<IRecountGrain>(IRecountGrain.Key).RecountAsync(_admin);

        Assert.Equal(catalogSize, report.BootcampsChecked);
        Assert.DoesNotContain(report.DriftFixed, d => d.BootcampId == bootcamp.GetPrimaryKeyString());
        Assert.Equal(1, (await bootcamp.GetAsync())!.EnrolledCount);
    }

    [Fact]
    public async Task TheRecountPutsBackProgressThatMissedASubmissionAndAGradeAndReportsIt()
    {
        var (assignmentId, student) = await EnrolledStudentWithAnAssignmentAsync();
        var bootcampId = (await _grains.GetGrain<IAssignmentGrain>(assignmentId).GetAsync())!.BootcampId;
        var submission = _grains.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, student.UserId));
        var progress = _grains.GetGrain<IStudentProgressGrain>(IStudentProgressGrain.KeyOf(bootcampId, student.UserId));
        // The submission and then its grade are stored, and each time the progress update after them is lost.
        StorageFaults.Shared.FailNextWrite("student-progress", progress.GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => submission.SubmitAsync(student, "my work", []));
        await progress.RecordSubmissionAsync(assignmentId, late: false);
        StorageFaults.Shared.FailNextWrite("student-progress", progress.GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => submission.GradeAsync(_instructor, 8, "good"));
        Assert.Equal(new Progress(1, 1, null, 0), await progress.GetAsync(1));
        var recount = _grains.GetGrain<IRecountGrain>(IRecountGrain.Key);

        var report = await recount.RecountAsync(_admin);
        var again = await recount.RecountAsync(_admin);

        Assert.Equal([new ProgressDrift(bootcampId, student.UserId, new Progress(1, 1, null, 0), new Progress(1, 1, 80m, 0))],
            report.ProgressFixed.Where(d => d.BootcampId == bootcampId));
        Assert.True(report.StudentsChecked >= 1);
        Assert.DoesNotContain(again.ProgressFixed, d => d.BootcampId == bootcampId);
        Assert.Equal(new Progress(1, 1, 80m, 0), await progress.GetAsync(1));
    }

    [Fact]
    public async Task TheRecountCountsASubmissionWhoseProgressUpdateACrashLost()
    {
        var (assignmentId, student) = await EnrolledStudentWithAnAssignmentAsync();
        var bootcampId = (await _grains.GetGrain<IAssignmentGrain>(assignmentId).GetAsync())!.BootcampId;
        var progress = _grains.GetGrain<IStudentProgressGrain>(IStudentProgressGrain.KeyOf(bootcampId, student.UserId));
        StorageFaults.Shared.FailNextWrite("student-progress", progress.GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() =>
            _grains.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, student.UserId)).SubmitAsync(student, "my work", []));
        Assert.Equal(0, (await progress.GetAsync(1)).CompletedAssignments);

        var report = await _grains.GetGrain<IRecountGrain>(IRecountGrain.Key).RecountAsync(_admin);

        var fixedProgress = Assert.Single(report.ProgressFixed, d => d.BootcampId == bootcampId);
        Assert.Equal((student.UserId, 0, 1), (fixedProgress.StudentId, fixedProgress.Was.CompletedAssignments, fixedProgress.Now.CompletedAssignments));
        Assert.Equal(1, (await progress.GetAsync(1)).CompletedAssignments);
    }

    [Fact]
    public async Task OnlyAnAdminCanRunTheRecount()
    {
        var recount = _grains.GetGrain<IRecountGrain>(IRecountGrain.Key);

        var asInstructor = await Assert.ThrowsAsync<DomainException>(() => recount.RecountAsync(_instructor));
        var asStudent = await Assert.ThrowsAsync<DomainException>(() => recount.RecountAsync(NewStudent()));

        Assert.Equal((DomainErrorKind.Forbidden, DomainErrorKind.Forbidden), (asInstructor.Kind, asStudent.Kind));
    }

    [Fact]
    public async Task ABootcampCreatedAgainByItsCreatorIsTheSameBootcampAndAnyoneElseIsRefused()
    {
        // The id an Idempotency-Key gives: the key's answer was lost in a crash and the client retries.
        var bootcamp = _grains.GetGrain<IBootcampGrain>(SecureTokens.NewId());
        var details = new BootcampDetails("Retried", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(3), 5, 0, "USD", [], []);
        var first = await bootcamp.CreateAsync(_instructor, details);
        // A crash after the write lost the instructor's membership; the retry puts it back.
        await _grains.GetGrain<IUserMembershipsGrain>(_instructor.UserId).RemoveAsync(bootcamp.GetPrimaryKeyString(), MemberRole.Instructor);

        var retried = await bootcamp.CreateAsync(_instructor, details);

        Assert.Equal((first.BootcampId, first.CreatedAt), (retried.BootcampId, retried.CreatedAt));
        Assert.Contains(await _grains.GetGrain<IUserMembershipsGrain>(_instructor.UserId).ListAsync(),
            m => m.BootcampId == bootcamp.GetPrimaryKeyString() && m.Role == MemberRole.Instructor);
        var other = new Caller(SecureTokens.NewId(), "Other", [Roles.Instructor]);
        var refused = await Assert.ThrowsAsync<DomainException>(() => bootcamp.CreateAsync(other, details));
        Assert.Equal("bootcamp-exists", refused.Code);
    }

    [Fact]
    public async Task AnAssignmentCreatedAgainByItsCreatorIsTheSameAssignmentCountedOnce()
    {
        var bootcamp = await NewBootcampAsync(capacity: 5);
        var assignment = _grains.GetGrain<IAssignmentGrain>(SecureTokens.NewId());
        var details = new AssignmentDetails("Once", "", DateTimeOffset.UtcNow.AddDays(1), 10, [], 100, LatePolicy.None);

        var first = await assignment.CreateAsync(_instructor, bootcamp.GetPrimaryKeyString(), details);
        var retried = await assignment.CreateAsync(_instructor, bootcamp.GetPrimaryKeyString(), details);

        Assert.Equal(first.CreatedAt, retried.CreatedAt);
        Assert.Single(await bootcamp.GetAssignmentIdsAsync(), id => id == assignment.GetPrimaryKeyString());
        var refused = await Assert.ThrowsAsync<DomainException>(() => assignment.CreateAsync(_admin, bootcamp.GetPrimaryKeyString(), details));
        Assert.Equal("assignment-exists", refused.Code);
    }

    private async Task<IBootcampGrain> NewBootcampAsync(int capacity)
    {
        var bootcamp = _grains.GetGrain<IBootcampGrain>(SecureTokens.NewId());
        await bootcamp.CreateAsync(_instructor, new BootcampDetails("Seats", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(3), capacity, 0, "USD", ["s"], ImmutableArray<string>.Empty));
        return bootcamp;
    }

    private async Task<(string AssignmentId, Caller Student)> EnrolledStudentWithAnAssignmentAsync()
    {
        var bootcamp = await NewBootcampAsync(capacity: 5);
        var student = NewStudent();
        await Enrollment(bootcamp, student).EnrollAsync(student);
        var assignmentId = SecureTokens.NewId();
        await _grains.GetGrain<IAssignmentGrain>(assignmentId).CreateAsync(_instructor, bootcamp.GetPrimaryKeyString(),
            new AssignmentDetails("Work", "", DateTimeOffset.UtcNow.AddDays(1), 10, [], 100, LatePolicy.None));
        return (assignmentId, student);
    }

    private static Caller NewStudent() => new(SecureTokens.NewId(), "Pupil", [Roles.Student]);

    private IEnrollmentGrain Enrollment(IBootcampGrain bootcamp, Caller student) =>
        _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcamp.GetPrimaryKeyString(), student.UserId));
}
