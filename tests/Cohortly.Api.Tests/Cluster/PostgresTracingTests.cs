using System.Diagnostics;
using Cohortly.Silo.Hosting;
using Cohortly.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Trace;

namespace Cohortly.Api.Tests.Cluster;

/// <summary>
/// A cluster's time goes mostly to PostgreSQL: every process's telemetry (<see cref="CohortlyTelemetry"/>) traces its
/// commands, so a slow request shows which statement it waited on.
/// </summary>
public sealed class PostgresTracingTests
{
    [Fact]
    public async Task ACommandAProcessSendsToPostgreSqlIsASpanInItsTrace()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var spans = new List<Activity>();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cohortly:Mode"] = "Cluster",
            ["ConnectionStrings:Cohortly"] = database.ConnectionString,
        }.Concat(ClusterSecrets.Settings(":").Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value))));
        builder.AddCohortlyTelemetry("cohortly-test").WithTracing(tracing => tracing.AddInMemoryExporter(spans));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT 42 AS traced_answer", connection);
            Assert.Equal(42, await command.ExecuteScalarAsync());
        }
        finally
        {
            await host.StopAsync();
        }

        var span = Assert.Single(spans, s => s.Source.Name == "Npgsql" && QueryOf(s).Contains("traced_answer", StringComparison.Ordinal));
        Assert.Equal(ActivityKind.Client, span.Kind);
    }

    private static string QueryOf(Activity span) =>
        span.GetTagItem("db.query.text") as string ?? span.GetTagItem("db.statement") as string ?? "";
}
