using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Testing;

namespace Cohortly.Grains.Tests.Accounts;

/// <summary>Its own cluster: stopping silos must not disturb the tests that share the other one.</summary>
public sealed class SiloFailureTests : IAsyncLifetime
{
    private readonly ClusterFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task AccountsSurviveTheSiloThatHeldThemStopping()
    {
        var grains = _fixture.Grains;
        var emails = Enumerable.Range(0, 20).Select(i => ApiClient.UniqueEmail($"survivor{i}")).ToList();
        var registered = await Task.WhenAll(emails.Select(email =>
            grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email)).RegisterAsync(new NewAccount(email, "Survivor", "hash"))));
        var admin = _fixture.FirstAccount;
        await grains.GetGrain<IUserGrain>(registered[0].Profile!.UserId).SetRolesAsync(admin.UserId, [Roles.Mentor]);

        // With 20 users over two silos, each silo holds some of them; stopping one drops its activations.
        await _fixture.Cluster.StopSiloAsync(_fixture.Cluster.SecondarySilos[0]);

        foreach (var (email, result) in emails.Zip(registered))
        {
            var userId = await grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email)).GetUserIdAsync();
            Assert.Equal(result.Profile!.UserId, userId);
            Assert.Equal(email, (await grains.GetGrain<IUserGrain>(userId!).GetProfileAsync())!.Email);
        }
        Assert.Equal([Roles.Mentor], (await grains.GetGrain<IUserGrain>(registered[0].Profile!.UserId).GetProfileAsync())!.Roles.AsEnumerable());
    }

    [Fact]
    public async Task BootcampsEnrollmentsAndSubmissionsSurviveASiloStopping()
    {
        var grains = _fixture.Grains;
        var instructor = new Caller(SecureTokens.NewId(), "Teacher", [Roles.Instructor]);
        var bootcampId = SecureTokens.NewId();
        await grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(instructor, new BootcampDetails(
            "Durable", "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(9), 100, 0, "EUR", ["x"], ImmutableArray<string>.Empty));
        var students = Enumerable.Range(0, 12).Select(i => new Caller(SecureTokens.NewId(), $"S{i}", [Roles.Student])).ToList();
        foreach (var student in students)
        {
            await grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId)).EnrollAsync(student);
        }
        var assignmentId = SecureTokens.NewId();
        await grains.GetGrain<IAssignmentGrain>(assignmentId).CreateAsync(instructor, bootcampId,
            new AssignmentDetails("Work", "", DateTimeOffset.UtcNow.AddDays(1), 10, [], 100, LatePolicy.None));
        foreach (var student in students)
        {
            await grains.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, student.UserId)).SubmitAsync(student, "v1 by " + student.DisplayName, []);
        }

        await _fixture.Cluster.StopSiloAsync(_fixture.Cluster.SecondarySilos[0]);

        Assert.Equal(12, (await grains.GetGrain<IBootcampGrain>(bootcampId).GetAsync())!.EnrolledCount);
        foreach (var student in students)
        {
            Assert.Equal(EnrollmentStatus.Active, (await grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, student.UserId)).GetAsync()).Status);
            var version = await grains.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, student.UserId)).GetVersionAsync(instructor, 1);
            Assert.Equal("v1 by " + student.DisplayName, version.Text);
        }
        var index = await grains.GetGrain<ISubmissionIndexPageGrain>(ISubmissionIndexPageGrain.KeyOf(assignmentId, 0)).GetEntriesAsync();
        Assert.Equal(12, index.Count);
    }
}
