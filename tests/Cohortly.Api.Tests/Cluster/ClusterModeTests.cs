using System.Net;
using System.Net.Http.Json;
using Cohortly.Testing;
using Npgsql;

namespace Cohortly.Api.Tests.Cluster;

/// <summary>
/// The operator's cluster: Cohortly.Silo processes and a Cohortly.Frontend client sharing one PostgreSQL
/// database, configured only through the environment.
/// </summary>
public sealed class ClusterModeTests : IAsyncLifetime
{
    private readonly List<CohortlyProcess> _silos = [];
    private TestPostgres _database = null!;
    private CohortlyApp _frontend = null!;
    private Dictionary<string, string> _cluster = null!;
    private readonly TempDirectory _data = new("cohortly-cluster");

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _cluster = new Dictionary<string, string>
        {
            ["Cohortly__Mode"] = "Cluster",
            ["ConnectionStrings__Cohortly"] = _database.ConnectionString,
            ["Cohortly__Orleans__ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["Cohortly__Orleans__AdvertisedAddress"] = "127.0.0.1",
            // Declare a killed silo dead within seconds instead of the production default of about a minute.
            ["Cohortly__Orleans__Membership__ProbeTimeout"] = "00:00:01",
            ["Cohortly__Orleans__Membership__NumMissedProbesLimit"] = "2",
            ["Cohortly__Orleans__Membership__NumVotesForDeathDeclaration"] = "1",
            ["Cohortly__Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
            ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
        };
        foreach (var (key, value) in ClusterSecrets.Settings())
        {
            _cluster[key] = value;
        }
        await StartSiloAsync();
        _frontend = await CohortlyApp.StartAsync(_data.Path, _cluster);
    }

    public async Task DisposeAsync()
    {
        await _frontend.DisposeAsync();
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
        await _database.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task TheAccountFlowWorksAgainstPostgreSql()
    {
        var http = _frontend.Http;
        var admin = await http.RegisterAsync(ApiClient.UniqueEmail("admin"));
        var email = ApiClient.UniqueEmail();
        var student = await http.RegisterAsync(email);

        Assert.Equal(["admin"], (await http.GetMeAsync(admin.AccessToken)).Roles);
        Assert.Equal(["student"], (await http.GetMeAsync(student.AccessToken)).Roles);
        using (var duplicate = await http.PostAsJsonAsync("/api/auth/register", new { email, password = ApiClient.StrongPassword, displayName = "Again" }))
        {
            await duplicate.ProblemAsync(HttpStatusCode.Conflict);
        }
        using (var promote = await http.SendAsync(HttpMethod.Put, $"/api/users/{student.UserId}/roles", admin.AccessToken, new { roles = new[] { "instructor" } }))
        {
            await promote.ExpectAsync(HttpStatusCode.OK);
        }
        var login = await http.LoginAsync(email);
        using (var refresh = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login.RefreshToken }))
        {
            await refresh.ExpectAsync(HttpStatusCode.OK);
        }
        using (var replay = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login.RefreshToken }))
        {
            await replay.ProblemAsync(HttpStatusCode.Unauthorized);
        }
        Assert.Equal(["instructor"], (await http.GetMeAsync(student.AccessToken)).Roles);

        // The state is in PostgreSQL, not in a silo's memory.
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM OrleansStorage", connection);
        Assert.True((long)(await count.ExecuteScalarAsync())! >= 4);
    }

    [Fact]
    public async Task KillingOneSiloOfTwoLosesNoAccount()
    {
        var http = _frontend.Http;
        var emails = Enumerable.Range(0, 12).Select(i => ApiClient.UniqueEmail($"member{i}")).ToList();
        var users = new List<Tokens>();
        foreach (var email in emails)
        {
            users.Add(await http.RegisterAsync(email));
        }
        // Every account's grains were made on the first silo; the second joins and must take all of them over. (Made
        // after the join, a registration could meet the new silo's cold first calls, which on a loaded CI machine
        // outlast the front end's 4 s grain timeout and answer 503 with Retry-After: a client retries; this test's
        // setup should not need to.)
        await StartSiloAsync();
        await WaitForActiveSilosAsync(2);

        await _silos[0].KillAsync();

        // Calls to grains of the dead silo fail until membership declares it dead; then they move.
        foreach (var (email, user) in emails.Zip(users))
        {
            var login = await Eventually.Until(
                async () =>
                {
                    using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password = ApiClient.StrongPassword });
                    return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<Tokens>() : null;
                },
                tokens => tokens is not null,
                TimeSpan.FromSeconds(60),
                $"{email} to log in after the silo died");
            Assert.Equal(user.UserId, login!.UserId);
        }
    }

    [Fact]
    public async Task WithoutS3ConfiguredFilesAreRefusedRatherThanKeptOnOneMachinesDisk()
    {
        var user = await _frontend.Http.RegisterAsync(ApiClient.UniqueEmail());
        using var response = await _frontend.Http.UploadAsync(user.AccessToken, "me.png", [0x89, 0x50, 0x4E, 0x47], "avatar");
        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.EndsWith("/storage-not-configured", problem.ProblemType());
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "files")));
    }

    private async Task StartSiloAsync()
    {
        var environment = new Dictionary<string, string>(_cluster)
        {
            ["Cohortly__Orleans__SiloPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cohortly__Orleans__GatewayPort"] = Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var silo = CohortlyProcess.Start("Cohortly.Silo", environment);
        _silos.Add(silo);
        await WaitForActiveSilosAsync(_silos.Count(s => !s.HasExited));
    }

    private Task WaitForActiveSilosAsync(int expected) =>
        ClusterMembership.WaitForActiveSilosAsync(_database.ConnectionString, _cluster["Cohortly__Orleans__ClusterId"], expected, _silos);
}
