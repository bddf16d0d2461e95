using Cohortly.Silo.Hosting;
using Microsoft.Extensions.Hosting;

namespace Cohortly.Silo;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        if (args.Contains("migrate"))
        {
            // Creates the schema and exits: for operators who prefer to migrate before starting silos.
            var options = builder.Configuration.ReadCohortlyOptions();
            await CohortlyHosting.DatabaseFor(builder.Configuration, options).EnsureSchemaAsync(CancellationToken.None);
            Console.WriteLine($"Schema for {options.Mode} mode is up to date.");
            return 0;
        }
        builder.AddCohortlySilo();
        builder.AddCohortlyTelemetry("cohortly-silo");
        await builder.Build().RunAsync();
        return 0;
    }
}
