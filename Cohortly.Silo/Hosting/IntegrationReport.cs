using Cohortly.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cohortly.Silo.Hosting;

/// <summary>Says once, at start, which integrations run on their embedded stand-ins, so nobody mistakes the dev mailbox for real email.</summary>
internal sealed class IntegrationReport(DataDirectory dataDirectory, ILogger<IntegrationReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Email: Cohortly:Email is not configured; messages go to the embedded dev mailbox in {Folder} (GET /dev/mailbox)",
            Path.Combine(dataDirectory.Path, "mailbox"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
