using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cohortly.Integrations;

/// <summary>
/// Logs one line per integration at start, under the category <c>Cohortly.Integrations.&lt;Name&gt;</c>, so an operator can
/// filter one integration's lines without losing the others. Runs after options validation, so the line describes
/// settings that passed it.
/// </summary>
internal sealed class IntegrationReport(IEnumerable<IntegrationChoice> choices, ILoggerFactory loggers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var choice in choices)
        {
            loggers.CreateLogger($"Cohortly.Integrations.{choice.Integration}")
                .LogInformation("{Integration}: {Choice} — {Description}", choice.Integration, choice.Embedded ? "embedded stand-in" : "real adapter", choice.Description);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
