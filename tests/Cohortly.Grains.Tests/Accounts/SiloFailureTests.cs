using Cohortly.Accounts;
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
}
