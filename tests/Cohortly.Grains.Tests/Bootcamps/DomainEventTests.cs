using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;
using Orleans.Streams;

namespace Cohortly.Grains.Tests.Bootcamps;

/// <summary>Every state change of the core domain reaches the bootcamp's stream, and the user-directed ones the user's stream too.</summary>
[Collection(ClusterCollection.Name)]
public sealed class DomainEventTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task TheBootcampStreamCarriesEachChangeAndTheStudentsStreamTheirOwn()
    {
        var bootcampId = SecureTokens.NewId();
        var instructor = new Caller(SecureTokens.NewId(), "Teacher", [Roles.Instructor]);
        var student = new Caller(SecureTokens.NewId(), "Pupil", [Roles.Student]);
        var bootcampEvents = await SubscribeAsync(EventStreams.Bootcamp, bootcampId);
        var studentEvents = await SubscribeAsync(EventStreams.User, student.UserId);

        var bootcamp = _grains.GetGrain<IBootcampGrain>(bootcampId);
        await bootcamp.CreateAsync(instructor, new BootcampDetails("Events", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(3), 5, 0, "USD", ["e"], ImmutableArray<string>.Empty));
        await bootcamp.UpdateAsync(instructor, new BootcampPatch("Events 2", null, null, null, null, null, null, null, null));
        await _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId)).EnrollAsync(student);
        var assignmentId = SecureTokens.NewId();
        await _grains.GetGrain<IAssignmentGrain>(assignmentId).CreateAsync(instructor, bootcampId,
            new AssignmentDetails("A", "", DateTimeOffset.UtcNow.AddDays(1), 10, [], 100, LatePolicy.None));
        var submission = _grains.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, student.UserId));
        await submission.SubmitAsync(student, "work", []);
        await submission.GradeAsync(instructor, 9, "nice");
        await submission.GrantExtensionAsync(instructor, DateTimeOffset.UtcNow.AddDays(5));
        await _grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId)).WithdrawAsync(student);

        Type[] expected = [typeof(BootcampCreated), typeof(BootcampUpdated), typeof(EnrollmentConfirmed), typeof(AssignmentCreated),
            typeof(SubmissionCreated), typeof(GradePublished), typeof(ExtensionGranted), typeof(EnrollmentWithdrawn)];
        await WaitForAsync(bootcampEvents, expected.Length);
        Assert.Equal(expected, bootcampEvents.Select(e => e.GetType()));
        Assert.All(bootcampEvents, e => Assert.Equal(bootcampId, e.BootcampId));
        Assert.Equal(expected.Length, bootcampEvents.Select(e => e.EventId).Distinct().Count());

        Type[] forStudent = [typeof(EnrollmentConfirmed), typeof(GradePublished), typeof(ExtensionGranted), typeof(EnrollmentWithdrawn)];
        await WaitForAsync(studentEvents, forStudent.Length);
        Assert.Equal(forStudent, studentEvents.Select(e => e.GetType()));
        var graded = Assert.IsType<GradePublished>(studentEvents[1]);
        Assert.Equal((9m, 9m, 10m), (graded.Score, graded.PublishedScore, graded.MaxScore));
    }

    private async Task<List<DomainEvent>> SubscribeAsync(string streamNamespace, string key)
    {
        var received = new List<DomainEvent>();
        var stream = fixture.Cluster.Client.GetStreamProvider(EventStreams.Provider).GetStream<DomainEvent>(StreamId.Create(streamNamespace, key));
        await stream.SubscribeAsync((domainEvent, _) =>
        {
            lock (received)
            {
                received.Add(domainEvent);
            }
            return Task.CompletedTask;
        });
        return received;
    }

    private static async Task WaitForAsync(List<DomainEvent> received, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            lock (received)
            {
                if (received.Count >= count || DateTime.UtcNow > deadline)
                {
                    return;
                }
            }
            await Task.Delay(50);
        }
    }
}
