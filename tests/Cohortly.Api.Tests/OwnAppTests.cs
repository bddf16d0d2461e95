using Cohortly.Testing;

namespace Cohortly.Api.Tests;

/// <summary>
/// A test class with an embedded app of its own on a throwaway data directory, for tests that restart or kill the
/// process, or need settings (rate limits, reminder periods) the shared fixture must not have.
/// </summary>
public abstract class OwnAppTests(string dataName, IReadOnlyDictionary<string, string>? environment = null) : IAsyncLifetime
{
    private readonly TempDirectory _data = new(dataName);

    protected CohortlyApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await CohortlyApp.StartAsync(_data.Path, environment ?? EmbeddedAppFixture.Environment);

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _data.Dispose();
    }
}
