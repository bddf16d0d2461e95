using System.Runtime.InteropServices;

namespace Cohortly.Benchmarking;

/// <summary>What every results file says about the machine it was measured on.</summary>
public static class Machine
{
    /// <summary>A results file's Markdown lines on the machine: cores, CPU, OS and runtime; the load average at the start.</summary>
    public static IReadOnlyList<string> MarkdownLines() =>
    [
        $"- Machine: {Environment.ProcessorCount} logical cores ({CpuModel()}), {RuntimeInformation.OSDescription}, .NET {Environment.Version}.",
        $"- Load average when the run started: {LoadAverage()} (1 / 5 / 15 min; anything above ~0.5 means other work shared the cores too).",
    ];

    /// <summary>"0.52 / 0.80 / 1.10": the 1, 5 and 15 minute load averages, or "unknown".</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
