using Cohortly.Common;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Silo.Hosting;

/// <summary>Says once, at start, which integrations run on their embedded stand-ins, so nobody mistakes the dev mailbox for real email.</summary>
internal sealed class IntegrationReport(DataDirectory dataDirectory, IOptions<EmailOptions> email, ILogger<IntegrationReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = email.Value;
        switch (settings.Transport)
        {
            case EmailTransport.Smtp:
                logger.LogInformation("Email: SMTP {Host}:{Port} ({Security}), at most {MaxPerSecond}/s per silo",
                    settings.Smtp.Host, settings.Smtp.Port, settings.Smtp.Security, settings.MaxPerSecond);
                break;
            case EmailTransport.SendGrid:
                logger.LogInformation("Email: SendGrid API, at most {MaxPerSecond}/s per silo", settings.MaxPerSecond);
                break;
            default:
                logger.LogInformation("Email: Cohortly:Email is not configured; messages go to the embedded dev mailbox in {Folder} (GET /dev/mailbox)",
                    Path.Combine(dataDirectory.Path, "mailbox"));
                break;
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
