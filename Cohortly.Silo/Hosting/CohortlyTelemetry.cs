using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cohortly.Silo.Hosting;

/// <summary>
/// Traces and metrics for every Cohortly process (silo, embedded or cluster front end): Orleans' own activity sources
/// (grain calls, storage reads and writes) and meters, PostgreSQL commands (cluster mode), outgoing HTTP (S3, SendGrid)
/// and the .NET runtime. They go to an
/// OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; a front end also serves them to Prometheus.
/// </summary>
public static class CohortlyTelemetry
{
    /// <summary>Microsoft.Orleans.Runtime and .Application (grain calls), .Storage (state reads and writes), .Lifecycle.</summary>
    public const string OrleansSources = "Microsoft.Orleans.*";

    public const string OrleansMeter = "Microsoft.Orleans";

    public static OpenTelemetryBuilder AddCohortlyTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing.AddSource(OrleansSources).AddNpgsql().AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(OrleansMeter).AddNpgsqlInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
        if (builder.Configuration.ReadCohortlyOptions().Mode == CohortlyMode.Cluster)
        {
            // One JSON object a line, with the trace and span ids, for a log collector to join to the traces.
            builder.Logging.AddJsonConsole(json => json.IncludeScopes = true);
            builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        }
        return telemetry;
    }
}
