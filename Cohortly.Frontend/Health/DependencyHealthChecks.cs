using System.Data.Common;
using System.Net.Sockets;
using Cohortly.Integrations.Email;
using Cohortly.Integrations.Scanning;
using Cohortly.Integrations.Storage;
using Cohortly.Silo.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Cohortly.Frontend.Health;

/// <summary>Each check waits this long at most, so a dependency that hangs is reported down instead of hanging the probe.</summary>
internal static class HealthTimeouts
{
    public static readonly TimeSpan PerCheck = TimeSpan.FromSeconds(5);
}

/// <summary>The database grain state, reminders and (in a cluster) membership live in: one round trip.</summary>
public sealed class DatabaseHealthCheck(IConfiguration configuration) : IHealthCheck
{
    private readonly CohortlyDatabase _database = CohortlyHosting.DatabaseFor(configuration, configuration.ReadCohortlyOptions());

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HealthTimeouts.PerCheck);
        try
        {
            await using var connection = DbProviderFactories.GetFactory(_database.Invariant).CreateConnection()!;
            connection.ConnectionString = _database.ConnectionString;
            await connection.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy(_database.Invariant == "Npgsql" ? "PostgreSQL answers." : "SQLite answers.");
        }
        catch (Exception failed) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database did not answer: grain state cannot be read or written.", failed);
        }
    }
}

/// <summary>File storage (S3 or the local disk): reading an object that does not exist must say "not found", not fail.</summary>
public sealed class StorageHealthCheck(IObjectStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HealthTimeouts.PerCheck);
        try
        {
            await using var _ = await storage.OpenReadAsync("health/probe", timeout.Token);
            return HealthCheckResult.Healthy($"{storage.Description} answers.");
        }
        catch (FileNotFoundException)
        {
            return HealthCheckResult.Healthy($"{storage.Description} answers.");
        }
        catch (Exception failed) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{storage.Description} did not answer: uploads and downloads fail.", failed);
        }
    }
}

/// <summary>
/// The SMTP server, when one is configured: it greets a connection. Down is degraded, not unhealthy: emails wait in the
/// outbox and are retried, and everything else works.
/// </summary>
public sealed class SmtpHealthCheck(IOptions<EmailOptions> email) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var smtp = email.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return HealthCheckResult.Healthy("No SMTP server is configured.");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HealthTimeouts.PerCheck);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(smtp.Host, smtp.Port, timeout.Token);
            var greeting = new byte[3];
            var read = await client.GetStream().ReadAtLeastAsync(greeting, 3, throwOnEndOfStream: false, timeout.Token);
            return read == 3 && greeting[0] == (byte)'2'
                ? HealthCheckResult.Healthy($"SMTP {smtp.Host}:{smtp.Port} answers.")
                : HealthCheckResult.Degraded($"SMTP {smtp.Host}:{smtp.Port} did not greet: emails wait in the outbox.");
        }
        catch (Exception failed) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"SMTP {smtp.Host}:{smtp.Port} did not answer: emails wait in the outbox and are retried.", failed);
        }
    }
}

/// <summary>
/// The clamd that scans uploads, when scanning is configured (registered only then): it answers PING with PONG within
/// two seconds. Down is degraded, not unhealthy: uploads are refused 503 until it is back, and everything else works
/// (every front end shares the one clamd, so taking this one out of rotation would not help).
/// </summary>
public sealed class ClamdHealthCheck(IOptions<ClamAvOptions> options) : IHealthCheck
{
    public const string Name = "clamd";

    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var clamd = options.Value;
        try
        {
            var reply = await new ClamAvScanner(clamd).PingAsync(PingTimeout, cancellationToken);
            return reply == "PONG"
                ? HealthCheckResult.Healthy($"clamd {clamd.Host}:{clamd.Port} answers.")
                : HealthCheckResult.Degraded($"clamd {clamd.Host}:{clamd.Port} answered \"{reply}\" to PING: uploads are refused until it is back.");
        }
        catch (Exception failed) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"clamd {clamd.Host}:{clamd.Port} did not answer: uploads are refused until it is back.", failed);
        }
    }
}
