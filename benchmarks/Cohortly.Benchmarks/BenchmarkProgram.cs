using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Cohortly.Benchmarks;

/// <summary>
/// Not top-level statements: the referenced Cohortly.Frontend already has a global <c>Program</c> type.
/// </summary>
public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        var config = DefaultConfig.Instance
            // In process: an out-of-process job would rebuild a generated project that references the Frontend (and,
            // through it, the npm web build) under this repository's warnings-as-errors settings, which costs more
            // than the whole suite. ShortRun (3 warm-ups, 3 iterations, 1 launch) keeps the run under three minutes.
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        var loadAtStart = Machine.LoadAverage() + " (1 / 5 / 15 min)";
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args, config).ToList();
        if (summaries.Count == 0)
        {
            return 0;
        }
        WriteResults(summaries, loadAtStart);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }

    /// <summary>One Markdown file per run next to the load-test results, so figures in the README can be traced.</summary>
    private static void WriteResults(IReadOnlyList<BenchmarkDotNet.Reports.Summary> summaries, string loadAtStart)
    {
        var log = new AccumulationLogger();
        var date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        log.WriteLine($"# Cohortly hot-path micro-benchmarks — {date}");
        log.WriteLine();
        log.WriteLine("Command: `dotnet run -c Release --project benchmarks/Cohortly.Benchmarks -- "
            + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)) + "`");
        log.WriteLine();
        log.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, load average {loadAtStart} when the run started. "
            + "The suite runs in one process and needs one core, but other work on a shared VM can still slow it: read the Ratio column "
            + "(baseline and benchmark measured back to back), not the absolute times.");
        log.WriteLine();
        foreach (var summary in summaries)
        {
            log.WriteLine($"## {summary.BenchmarksCases.FirstOrDefault()?.Descriptor.Type.Name ?? summary.Title}");
            log.WriteLine();
            MarkdownExporter.GitHub.ExportToLog(summary, log);
            log.WriteLine();
        }
        var directory = ResultsDirectory();
        Directory.CreateDirectory(directory);
        // A filtered run must not overwrite the day's full run.
        var full = Environment.GetCommandLineArgs().Skip(1).SequenceEqual(["--filter", "*"]);
        var file = Path.Combine(directory, $"hot-paths-{date}{(full ? "" : "-partial")}.md");
        File.WriteAllText(file, log.GetLog());
        Console.WriteLine($"Wrote {file}");
    }

    private static string ResultsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cohortly.sln")))
            {
                return Path.Combine(dir.FullName, "benchmarks", "results");
            }
        }
        return Path.Combine(Environment.CurrentDirectory, "results");
    }
}
