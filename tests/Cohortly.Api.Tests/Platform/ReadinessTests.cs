using System.Net;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Platform;

/// <summary>Its own app on its own S3 server, which the test stops: readiness must say that storage is what is down.</summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cohortly-readiness");
    private S3Server? _s3;
    private CohortlyApp _app = null!;

    public async Task InitializeAsync()
    {
        _s3 = await S3Server.StartAsync();
        var environment = new Dictionary<string, string>(EmbeddedAppFixture.Environment) { ["Cohortly__Storage__CreateBucket"] = "true" };
        foreach (var (key, value) in _s3!.Environment("cohortly-ready"))
        {
            environment[key] = value;
        }
        _app = await CohortlyApp.StartAsync(_data.Path, environment);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }
        _data.Dispose();
    }

    [Fact]
    public async Task ReadinessNamesEachDependencyAndGoesUnhealthyNamingStorageWhenS3IsDown()
    {
        var (status, report) = await ReadyAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var check in new[] { "cluster: Healthy", "database: Healthy", "storage: Healthy", "smtp: Healthy" })
        {
            Assert.Contains(check, report, StringComparison.Ordinal);
        }
        // Uploads are not scanned here, so there is no clamd to report on.
        Assert.DoesNotContain("clamd", report, StringComparison.Ordinal);

        await _s3!.DisposeAsync();
        _s3 = null;

        var (downStatus, downReport) = await Eventually.Until(ReadyAsync, ready => ready.Status == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(30), "readiness to notice S3 is down");
        Assert.StartsWith("Unhealthy", downReport, StringComparison.Ordinal);
        Assert.Contains("storage: Unhealthy - S3", downReport, StringComparison.Ordinal);
        Assert.Contains("database: Healthy", downReport, StringComparison.Ordinal);
        // The process itself is fine: liveness does not depend on S3.
        using var live = await _app.Http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private async Task<(HttpStatusCode Status, string Report)> ReadyAsync()
    {
        using var ready = await _app.Http.GetAsync("/health/ready");
        return (ready.StatusCode, await ready.Content.ReadAsStringAsync());
    }
}
