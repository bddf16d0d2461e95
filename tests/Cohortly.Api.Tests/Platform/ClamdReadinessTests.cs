using System.Globalization;
using System.Net;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Platform;

/// <summary>Its own app scanning uploads with a fake clamd that the test silences and then stops: readiness must say so.</summary>
public sealed class ClamdReadinessTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cohortly-clamd-ready");
    private FakeClamd? _clamd = new();
    private CohortlyApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await CohortlyApp.StartAsync(_data.Path, new Dictionary<string, string>(EmbeddedAppFixture.Environment)
        {
            ["Cohortly__Storage__ClamAv__Host"] = "127.0.0.1",
            ["Cohortly__Storage__ClamAv__Port"] = _clamd!.Port.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        if (_clamd is not null)
        {
            await _clamd.DisposeAsync();
        }
        _data.Dispose();
    }

    [Fact]
    public async Task ReadinessReportsClamdAndGoesDegradedNotDownWhenClamdHangsOrStops()
    {
        var (status, report) = await ReadyAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Healthy", report, StringComparison.Ordinal);
        Assert.Contains($"clamd: Healthy - clamd 127.0.0.1:{_clamd!.Port} answers.", report, StringComparison.Ordinal);

        // A clamd that takes the connection and never answers is reported within the ping's short timeout.
        _clamd.Silent = true;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (hungStatus, hungReport) = await ReadyAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4.5), $"readiness took {clock.Elapsed.TotalSeconds:0.0} s with clamd hanging");
        Assert.Equal(HttpStatusCode.OK, hungStatus);
        Assert.StartsWith("Degraded", hungReport, StringComparison.Ordinal);
        Assert.Contains("clamd: Degraded", hungReport, StringComparison.Ordinal);

        await _clamd.DisposeAsync();
        _clamd = null;
        var (downStatus, downReport) = await ReadyAsync();
        // Uploads wait for clamd; the rest of the app works, so the process stays in rotation.
        Assert.Equal(HttpStatusCode.OK, downStatus);
        Assert.StartsWith("Degraded", downReport, StringComparison.Ordinal);
        Assert.Contains("uploads are refused until it is back", downReport, StringComparison.Ordinal);
        foreach (var check in new[] { "cluster: Healthy", "database: Healthy", "storage: Healthy" })
        {
            Assert.Contains(check, downReport, StringComparison.Ordinal);
        }
    }

    private async Task<(HttpStatusCode Status, string Report)> ReadyAsync()
    {
        using var ready = await _app.Http.GetAsync("/health/ready");
        return (ready.StatusCode, await ready.Content.ReadAsStringAsync());
    }
}
