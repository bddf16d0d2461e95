using System.Globalization;
using System.Runtime.InteropServices;
using Cohortly.Testing;

namespace Cohortly.DomainLoad;

/// <summary>
/// Load driver for the domain paths: enroll and submit, listing a large bootcamp, and pushing notifications to
/// many SignalR connections. Every figure sits next to a bare baseline of the same process in the same run.
/// </summary>
public static class DomainProgram
{
    public static async Task<int> Main(string[] args)
    {
        DomainOptions options;
        try
        {
            options = DomainOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 2;
        }

        // Ctrl+C or SIGTERM: stop the servers this driver started before going, or they would outlive it.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopServersAndExit);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopServersAndExit);

        var startedAt = DateTimeOffset.UtcNow;
        var command = "dotnet run -c Release --project benchmarks/Cohortly.DomainLoad" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
        Console.WriteLine($"This machine has {Environment.ProcessorCount} logical cores, shared by this driver and the server it starts.");
        if (RepoPaths.Configuration != "Release")
        {
            Console.WriteLine($"WARNING: built as {RepoPaths.Configuration}; the server runs from the same configuration. Use -c Release for figures worth keeping.");
        }
        var report = new Report(command, options, startedAt);
        var failed = false;
        async Task RunAsync<T>(Scenario scenario, Func<DomainOptions, Task<T>> run, Action<T> write)
        {
            if (!options.Runs(scenario))
            {
                return;
            }
            try
            {
                write(await run(options));
            }
            catch (Exception exception) when (options.Scenario == Scenario.All)
            {
                // One scenario failing must not throw away the figures of the others.
                Console.Error.WriteLine($"[{scenario}] failed: {exception}");
                report.Failed(scenario.ToString().ToLowerInvariant(), exception);
                failed = true;
            }
        }
        await RunAsync(Scenario.Enroll, EnrollScenario.RunAsync, report.Enroll);
        await RunAsync(Scenario.List, ListScenario.RunAsync, report.List);
        await RunAsync(Scenario.Fanout, FanoutScenario.RunAsync, report.Fanout);
        await RunAsync(Scenario.Direct, DirectScenario.RunAsync, report.Direct);

        var markdown = report.ToString();
        Console.WriteLine();
        Console.WriteLine(markdown);
        var suffix = (options.Scenario == Scenario.All ? "" : "-" + options.Scenario.ToString().ToLowerInvariant())
            + (options.Tag is null ? "" : "-" + options.Tag);
        var file = Path.Combine(RepoPaths.Root, "benchmarks", "results",
            $"domain-{startedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}{suffix}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, markdown);
        Console.WriteLine($"Wrote {file}");
        return failed ? 1 : 0;
    }

    private static void StopServersAndExit(PosixSignalContext context)
    {
        context.Cancel = true;
        Console.Error.WriteLine($"{context.Signal}: stopping the servers this driver started.");
        BenchApp.KillAll();
        Environment.Exit(128 + (context.Signal == PosixSignal.SIGINT ? 2 : 15));
    }
}
