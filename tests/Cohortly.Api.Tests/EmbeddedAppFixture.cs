using Cohortly.Testing;

namespace Cohortly.Api.Tests;

/// <summary>
/// One embedded Cohortly process shared by a collection of tests, started on an empty data directory, with
/// its first account (the admin) registered before any test runs.
/// </summary>
public sealed class EmbeddedAppFixture : IAsyncLifetime
{
    public const string AdminPassword = "the admin's own long passphrase";

    private readonly TempDirectory _data = new("cohortly-api");

    public CohortlyApp App { get; private set; } = null!;

    public HttpClient Http => App.Http;

    public string AdminEmail { get; } = ApiClient.UniqueEmail("admin");

    public Tokens Admin { get; private set; } = null!;

    /// <summary>Per-client limits are exercised by their own test; here they would only get in the way.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["Cohortly__Auth__ClientRequestsPerMinute"] = "100000",
    };

    public async Task InitializeAsync()
    {
        App = await CohortlyApp.StartAsync(_data.Path, Environment);
        Admin = await Http.RegisterAsync(AdminEmail, AdminPassword, "Ada Admin");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedAppCollection : ICollectionFixture<EmbeddedAppFixture>
{
    public const string Name = "Embedded Cohortly process";
}
