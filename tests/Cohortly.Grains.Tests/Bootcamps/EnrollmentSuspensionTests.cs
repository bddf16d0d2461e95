using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Bootcamps;

[Collection(ClusterCollection.Name)]
public sealed class EnrollmentSuspensionTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task ASuspendedStudentKeepsTheSeatButIsToldWhyTheContentIsClosedUntilEveryHoldIsLifted()
    {
        var (bootcampId, student) = await EnrolledStudentAsync();
        var enrollment = _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId));
        var reader = _grains.GetGrain<IBootcampReaderGrain>(0);

        await enrollment.SuspendAsync(new AccessHold("payment/p1", "Your second installment is overdue.", DateTimeOffset.UtcNow));
        await enrollment.SuspendAsync(new AccessHold("payment/p1", "Your second installment is overdue.", DateTimeOffset.UtcNow));
        await enrollment.SuspendAsync(new AccessHold("subscription/s1", "Your subscription lapsed.", DateTimeOffset.UtcNow));

        var refused = await Assert.ThrowsAsync<DomainException>(() => reader.RequireMemberAsync(student, bootcampId));
        Assert.Equal(("access-suspended", "Your second installment is overdue."), (refused.Code, refused.Message));
        var snapshot = (await _grains.GetGrain<IBootcampGrain>(bootcampId).GetAsync())!;
        Assert.Equal(1, snapshot.EnrolledCount);

        await enrollment.ResumeAsync("payment/p1");
        refused = await Assert.ThrowsAsync<DomainException>(() => reader.RequireMemberAsync(student, bootcampId));
        Assert.Equal("Your subscription lapsed.", refused.Message);

        var resumed = await enrollment.ResumeAsync("subscription/s1");
        Assert.False(resumed.Suspended);
        Assert.Equal(MemberRole.Student, await reader.RequireMemberAsync(student, bootcampId));
    }

    [Fact]
    public async Task AWithdrawnEnrollmentCannotBeSuspendedAndReturnsWithOpenAccess()
    {
        var (bootcampId, student) = await EnrolledStudentAsync();
        var enrollment = _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId));
        await enrollment.SuspendAsync(new AccessHold("payment/p2", "Overdue.", DateTimeOffset.UtcNow));
        await enrollment.WithdrawAsync(student);

        var withdrawn = await enrollment.SuspendAsync(new AccessHold("payment/p3", "Overdue.", DateTimeOffset.UtcNow));
        Assert.Empty(withdrawn.Holds);

        var back = await enrollment.EnrollAsync(student);
        Assert.Equal((EnrollmentStatus.Active, false), (back.Status, back.Suspended));
    }

    private async Task<(string BootcampId, Caller Student)> EnrolledStudentAsync()
    {
        var instructor = new Caller(SecureTokens.NewId(), "Instructor", [Roles.Instructor]);
        var bootcampId = SecureTokens.NewId();
        await _grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(instructor, new BootcampDetails(
            "Paused", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30), 5, 0, "USD", ["t"], ImmutableArray<string>.Empty));
        var student = new Caller(SecureTokens.NewId(), "Sam", [Roles.Student]);
        await _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId)).EnrollAsync(student);
        return (bootcampId, student);
    }
}
