using Cohortly.Testing;

namespace Cohortly.Api.Tests.Integrations;

/// <summary>
/// A bad setting stops the real program at start with a message naming the key, instead of a process that runs on a
/// value nobody meant (a port out of range, a part size S3 refuses on the first large upload).
/// </summary>
public sealed class BadSettingsStopTheProcessTests
{
    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        { "Cohortly.Frontend", "Cohortly__Orleans__SiloPort", "70000", "Cohortly:Orleans:SiloPort" },
        { "Cohortly.Frontend", "Cohortly__Mode", "Bogus", "Cohortly:Mode" },
        { "Cohortly.Frontend", "Cohortly__Mode", "Cluster", "ConnectionStrings:Cohortly" },
        { "Cohortly.Frontend", "Cohortly__Storage__PartSizeBytes", "1048576", "Cohortly:Storage:PartSizeBytes" },
        { "Cohortly.Frontend", "Cohortly__Storage__LinkSigningKey", "not-base64!", "Cohortly:Storage:LinkSigningKey" },
        { "Cohortly.Frontend", "Cohortly__Email__WeeklyReport__TimeZone", "Mars/Olympus", "Cohortly:Email:WeeklyReport:TimeZone" },
        { "Cohortly.Silo", "Cohortly__Orleans__GatewayPort", "-1", "Cohortly:Orleans:GatewayPort" },
        { "Cohortly.Silo", "Cohortly__Mode", "Cluster", "ConnectionStrings:Cohortly" },
        // Keys embedded mode generates per data directory would differ between a cluster's processes.
        { "Cohortly.Silo", "Cohortly__Mode", "Cluster", "Cohortly:Certificates:PdfCertificate" },
        { "Cohortly.Frontend", "Cohortly__Mode", "Cluster", "Cohortly:Stripe:WebhookSecret" },
        { "Cohortly.Silo", "Cohortly__Mode", "Cluster", "Cohortly:Meetings:CheckInKey" },
        { "Cohortly.Silo", "Cohortly__Orleans__Tls__CertificatePath", "/nonexistent/node.pfx", "Cohortly:Orleans:Tls:CertificatePath" },
        { "Cohortly.Frontend", "Cohortly__Orleans__Tls__AuthorityPath", "/nonexistent/ca.pem", "Cohortly:Orleans:Tls:AuthorityPath" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task ABadSettingStopsTheProcessNamingTheKey(string project, string variable, string value, string named)
    {
        using var data = new TempDirectory("cohortly-bad-setting");
        await using var process = CohortlyProcess.Start(project, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Ports.Free()}",
            ["Cohortly__DataDirectory"] = data.Path,
            ["Cohortly__Orleans__SiloPort"] = "0",
            ["Cohortly__Orleans__GatewayPort"] = "0",
            [variable] = value,
        });

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(exitCode is not null, $"{project} kept running with {variable}={value}:\n{process.RecentOutput}");
        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, process.RecentOutput, StringComparison.Ordinal);
    }
}
